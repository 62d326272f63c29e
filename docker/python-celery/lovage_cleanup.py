"""Lets Lovage forget chord header results in a mixed fleet.

Celery's Redis backend keeps every chord header result for result_expires (a day by default) after the callback
has used them (Celery issue #4660). Lovage workers forget them once the callback has succeeded, but they can only
forget ids they know: the header tasks Lovage ran, or all of them when Lovage joined the chord. Import this module
in a Python Celery app whose workers run chord header tasks, and they record their ids too:

    import lovage_cleanup
    lovage_cleanup.install(app)

It only writes two small records per chord to the result backend (a set of header ids and an entry in a sorted
set of pending chords), with the same expiry as results. Deleting is left to Lovage workers.
"""
import time

from celery.signals import task_postrun

PENDING = 'lovage-cleanup-pending'
HEADERS = 'lovage-cleanup-headers-'


def install(app):
    """Connects the recorder to this app's task_postrun signal."""

    def record(sender=None, task_id=None, task=None, **kwargs):
        request = getattr(task, 'request', None)
        chord = getattr(request, 'chord', None)
        group = getattr(request, 'group', None)
        if not chord or not group or not task_id:
            return
        callback_id = (chord.get('options') or {}).get('task_id')
        if not callback_id:
            return
        client = app.backend.client
        key = HEADERS + group
        pipe = client.pipeline()
        pipe.sadd(key, task_id)
        expires = app.backend.expires
        if expires:
            pipe.expire(key, int(expires))
        pipe.zadd(PENDING, {group + '|' + callback_id: time.time()}, nx=True)
        pipe.execute()

    task_postrun.connect(record, weak=False)
    return record
