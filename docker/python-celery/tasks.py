"""The Python side of the interop tests and the demo.

The same task names and behaviours as the Java example worker (dev.lovage.examples.ExampleTasks), so any call can
be served by a Python worker or by a Lovage worker and the results compared. Configured only from the environment:

    CELERY_BROKER_URL       default amqp://guest:guest@127.0.0.1:5672//
    CELERY_RESULT_BACKEND   default redis://127.0.0.1:6379/0
    CELERY_RESULT_EXTENDED  "true" to store name, args, kwargs, worker, retries, queue
"""
import os
import time

from celery import Celery

app = Celery(
    'tasks',
    broker=os.environ.get('CELERY_BROKER_URL', 'amqp://guest:guest@127.0.0.1:5672//'),
    backend=os.environ.get('CELERY_RESULT_BACKEND', 'redis://127.0.0.1:6379/0'),
)
app.conf.result_extended = os.environ.get('CELERY_RESULT_EXTENDED', '').lower() in ('1', 'true', 'yes')
app.conf.accept_content = ['json', 'msgpack', 'yaml']
if os.environ.get('LOVAGE_CHORD_CLEANUP', '').lower() in ('1', 'true', 'yes'):
    # Record chord header ids for Lovage's cleanup (see lovage_cleanup.py).
    import lovage_cleanup
    lovage_cleanup.install(app)

# Where this app's own workers send chain steps, callbacks and chord bodies.
app.conf.task_default_queue = os.environ.get('CELERY_TASK_DEFAULT_QUEUE', 'celery')


@app.task(name='tasks.add')
def add(x, y):
    return x + y


@app.task(name='tasks.mul')
def mul(x, y):
    return x * y


@app.task(name='tasks.xsum')
def xsum(values):
    return sum(values)


@app.task(name='tasks.echo')
def echo(*args, **kwargs):
    return {'args': list(args), 'kwargs': kwargs}


@app.task(name='tasks.fail')
def fail(message):
    raise ValueError(message)


@app.task(name='tasks.sleep')
def sleep(seconds):
    time.sleep(seconds)
    return seconds


@app.task(name='tasks.retry_until', bind=True, max_retries=None)
def retry_until(self, n):
    if self.request.retries < n:
        raise self.retry(countdown=0.1)
    return self.request.retries


@app.task(name='tasks.noop')
def noop():
    return None


@app.task(name='tasks.record_error')
def record_error(task_id):
    """An old-style errback: called with the id of the task that failed."""
    return task_id


@app.task(name='tasks.always_retry', bind=True, max_retries=2)
def always_retry(self):
    """Retries until max_retries runs out: MaxRetriesExceededError."""
    raise self.retry(countdown=0.1)


@app.task(name='tasks.flaky', bind=True, autoretry_for=(OSError,), retry_backoff=1, retry_jitter=False,
          max_retries=5)
def flaky(self, n):
    """Fails with OSError until it has been retried n times."""
    if self.request.retries < n:
        raise OSError('flaky %d' % self.request.retries)
    return self.request.retries


@app.task(name='tasks.until_soft_limit')
def until_soft_limit():
    """Works until its soft time limit, then cleans up and returns."""
    from celery.exceptions import SoftTimeLimitExceeded
    try:
        while True:
            time.sleep(0.02)
    except SoftTimeLimitExceeded:
        return 'cleaned up'


@app.task(name='tasks.rate_limited', rate_limit='5/s')
def rate_limited():
    return None
