"""The Python interop app: the Python side of the integration tests, the demo and docker/compose.yaml.

Every task here has the same name and behaviour as in Lovage's example worker (dev.lovage.examples.ExampleTasks),
so the same call can be served by a Python worker or by a Lovage worker and the two results compared.

Configured only from the environment, never from a file, so the tests, bin/demo and the containers all point it
at their own servers:

    CELERY_BROKER_URL         default amqp://guest:guest@127.0.0.1:5672// (redis://... for a Redis broker)
    CELERY_BROKER_TRANSPORT_OPTIONS  a JSON object, Celery's broker_transport_options (visibility_timeout ...)
    CELERY_RESULT_BACKEND     default redis://127.0.0.1:6379/0
    CELERY_RESULT_EXTENDED    "true"/"1"/"yes" stores name, args, kwargs, worker, retries and queue with each result
    CELERY_TASK_DEFAULT_QUEUE where this app sends tasks without a route, default "celery"
    LOVAGE_PY_SERIALIZER      task_serializer for what this app sends: json (default), msgpack, yaml or pickle
    LOVAGE_CHORD_CLEANUP      "true"/"1"/"yes" records chord header ids for Lovage's cleanup (lovage_cleanup.py)
    CELERY_WORKER_SEND_TASK_EVENTS  "true"/"1"/"yes" makes this app's workers send task events (as -E does)
    CELERY_TASK_ACKS_LATE     "true"/"1"/"yes" makes this app's workers acknowledge after the task (task_acks_late)

Works with Celery 5.2.x (requirements-celery52.txt) and 5.7 (requirements.txt).
"""
import json
import os
import time

from celery import Celery


def _flag(name):
    """True when the environment variable is set to a yes-like value."""
    return os.environ.get(name, '').strip().lower() in ('1', 'true', 'yes', 'on')


app = Celery(
    'tasks',
    broker=os.environ.get('CELERY_BROKER_URL', 'amqp://guest:guest@127.0.0.1:5672//'),
    backend=os.environ.get('CELERY_RESULT_BACKEND', 'redis://127.0.0.1:6379/0'),
)

if os.environ.get('CELERY_BROKER_TRANSPORT_OPTIONS'):
    app.conf.broker_transport_options = json.loads(os.environ['CELERY_BROKER_TRANSPORT_OPTIONS'])

if 'CELERY_RESULT_EXTENDED' in os.environ:
    app.conf.result_extended = _flag('CELERY_RESULT_EXTENDED')

# What this app sends tasks as, and what its own workers accept. A Python worker of this app must accept every
# content type the tests send (they pick a serializer per call), and JSON always stays accepted because that is
# what results are stored as.
_serializer = os.environ.get('LOVAGE_PY_SERIALIZER', 'json').strip() or 'json'
app.conf.task_serializer = _serializer
app.conf.accept_content = sorted({'json', 'msgpack', 'yaml', _serializer})

# Where this app's own workers send chain steps, callbacks and chord bodies.
app.conf.task_default_queue = os.environ.get('CELERY_TASK_DEFAULT_QUEUE', 'celery')

if _flag('CELERY_TASK_ACKS_LATE'):
    app.conf.task_acks_late = True

# Celery reads -E from the command line only; the tests also set it from the environment.
if _flag('CELERY_WORKER_SEND_TASK_EVENTS'):
    app.conf.worker_send_task_events = True

if _flag('LOVAGE_CHORD_CLEANUP'):
    # Record chord header ids for Lovage's cleanup (see lovage_cleanup.py).
    import lovage_cleanup
    lovage_cleanup.install(app)


# The example tasks: the same names and behaviours as dev.lovage.examples.ExampleTasks.

@app.task(name='tasks.add')
def add(x, y):
    return x + y


@app.task(name='tasks.mul')
def mul(x, y):
    return x * y


@app.task(name='tasks.xsum')
def xsum(values):
    """The sum of a list: the usual chord body."""
    return sum(values)


@app.task(name='tasks.echo')
def echo(*args, **kwargs):
    """Returns what it was called with, to compare how arguments survive the wire."""
    return {'args': list(args), 'kwargs': kwargs}


@app.task(name='tasks.fail')
def fail(message):
    """Always fails: the result is a FAILURE whose exception is ValueError(message)."""
    raise ValueError(message)


@app.task(name='tasks.sleep')
def sleep(seconds):
    """Sleeps, then returns how long it slept: an I/O-bound task, and a task that is still running."""
    time.sleep(seconds)
    return seconds


@app.task(name='tasks.retry_until', bind=True, max_retries=None)
def retry_until(self, n):
    """Retries itself (0.1 s apart) until it has been retried n times, then returns the retry count."""
    if self.request.retries < n:
        raise self.retry(countdown=0.1)
    return self.request.retries


@app.task(name='tasks.noop')
def noop():
    return None


# Tasks for particular integration tests; the Java example worker has them too.

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
