"""The Python half of bin/demo: ordinary Celery calls, answered by a Lovage (Java) worker.

bin/demo starts a Lovage worker alone on the queue named by LOVAGE_DEMO_QUEUE, with CELERY_RESULT_EXTENDED=true so
that each stored result names the worker that computed it, and passes that worker's node name in
LOVAGE_DEMO_NODE. This script sends the calls, waits for each result exactly as a Celery user would, prints it with
the worker that computed it, and exits non-zero if any result is not what the Python tasks in tasks.py return.

    LOVAGE_DEMO_QUEUE=lovage_demo LOVAGE_DEMO_NODE=demo@myhost python demo_producer.py
"""
import datetime
import os
import sys

from tasks import add, app, echo, fail, mul, xsum

QUEUE = os.environ.get('LOVAGE_DEMO_QUEUE', 'lovage_demo')
NODE = os.environ.get('LOVAGE_DEMO_NODE')
TIMEOUT = 10  # seconds per call

# Send every task of this app to the demo queue, where only the Lovage worker listens.
app.conf.task_routes = {'tasks.*': {'queue': QUEUE}}

problems = []


def computed_by(result):
    """The node name the worker stored with the result (result_extended), read back from Redis."""
    return result.backend.get_task_meta(result.id).get('worker')


def show(call, shown, result):
    worker = computed_by(result)
    if NODE and worker == NODE:
        where = 'computed by the Lovage worker %s' % worker
    else:
        where = 'computed by %s' % (worker or 'an unknown worker')
        if NODE:
            problems.append('%s was computed by %s, not by the Lovage worker %s' % (call, worker, NODE))
    print('%-44s %s   [%s]' % (call, shown, where), flush=True)


def check(call, expected, result):
    value = result.get(timeout=TIMEOUT)
    if value != expected:
        problems.append('%s returned %r, expected %r' % (call, value, expected))
    show(call, '= %r' % (value,), result)


when = datetime.datetime(2026, 11, 24, 12, 30, tzinfo=datetime.timezone.utc)

print('Python (Celery %s) calling tasks on queue %r:\n' % (__import__('celery').__version__, QUEUE), flush=True)
check('tasks.add(2, 3)', 5, add.delay(2, 3))
check('tasks.mul(6, 7)', 42, mul.delay(6, 7))
check('tasks.xsum([1, 2, 3, 4.5])', 10.5, xsum.delay([1, 2, 3, 4.5]))
check("tasks.echo('héllo', '🌿', name='Zoë', when=…)",
      {'args': ['héllo', '🌿'], 'kwargs': {'name': 'Zoë', 'when': when}},
      echo.delay('héllo', '🌿', name='Zoë', when=when))

failed = fail.delay('boom')
try:
    failed.get(timeout=TIMEOUT)
    problems.append("tasks.fail('boom') did not raise")
except ValueError as exc:
    # The Java worker stored Celery's exception document; Celery rebuilt a ValueError from it.
    show("tasks.fail('boom')", 'raised %s(%r)' % (type(exc).__name__, str(exc)), failed)

if problems:
    print('\nDemo FAILED:', file=sys.stderr)
    for problem in problems:
        print('  ' + problem, file=sys.stderr)
    sys.exit(1)
print('\nEvery call above was served by the Java worker; the Python side used plain Celery.')
