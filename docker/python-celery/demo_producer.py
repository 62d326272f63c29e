"""The demo's Python producer: ordinary Celery calls, served by whichever worker consumes the queue.

bin/demo starts only a Lovage (Java) worker on that queue, so every result printed here was computed in Java.
"""
import datetime
import decimal
import os

from tasks import app, add, echo, fail, mul, xsum

app.conf.task_routes = {'tasks.*': {'queue': os.environ.get('LOVAGE_DEMO_QUEUE', 'lovage_demo')}}


def show(call, value):
    print(f'{call:<58} = {value!r}')


show('add.delay(2, 3).get()', add.delay(2, 3).get(timeout=10))
show('mul.delay(6, 7).get()', mul.delay(6, 7).get(timeout=10))
show('xsum.delay([1, 2, 3, 4.5]).get()', xsum.delay([1, 2, 3, 4.5]).get(timeout=10))
show("echo.delay('héllo', when=datetime, price=Decimal).get()",
     echo.delay('héllo', when=datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.timezone.utc),
                price=decimal.Decimal('9.99')).get(timeout=10))
try:
    fail.delay('boom').get(timeout=10)
except ValueError as exc:
    show("fail.delay('boom').get()", exc)
result = add.delay(40, 2)
result.get(timeout=10)
meta = app.backend.get_task_meta(result.id)
print(f"\nstored in Redis as celery-task-meta-{result.id}:")
print(f"  status={meta['status']} result={meta['result']} worker={meta.get('worker')}")
