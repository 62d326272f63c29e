"""The reference worker of bin/celery-suite --worker python: Celery's own worker, set up as the suite's embedded
one (celery.contrib.testing's TestApp with the conftest's celery_config), serving the suite's tasks module.

Run from the root of the Celery sdist (``t`` is imported from there):
    celery -A reference_worker worker -c 1 -Q celery -n python@%h --without-mingle --without-gossip \
        --without-heartbeat
"""
import os

from celery.contrib.testing import tasks as _ping  # noqa: F401  (registers celery.ping)
from celery.contrib.testing.app import TestApp

app = TestApp(config={
    'broker_url': os.environ['TEST_BROKER'],
    'result_backend': os.environ['TEST_BACKEND'],
    'result_extended': True,
    'task_create_missing_queues': False,
}, enable_logging=True)
app.set_default()
app.set_current()

import t.integration.tasks  # noqa: E402,F401  (the suite's tasks, registered as shared tasks)
from t.integration.tasks import ClassBasedAutoRetryTask  # noqa: E402

app.register_task(ClassBasedAutoRetryTask)
