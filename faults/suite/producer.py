"""The Python side: a Celery 5.x producer as a Celery team has it, raw publishing for messages Celery would not
build, and the reading of results in Redis."""
import json
import uuid
from datetime import datetime, timedelta, timezone

import amqp
import redis
from celery import Celery


class Producer:
    def __init__(self, broker_url, amqp_port, redis_url):
        self.app = Celery('faults', broker=broker_url, backend=redis_url)
        self.app.conf.broker_connection_retry_on_startup = True
        self.amqp_port = amqp_port
        self.redis_url = redis_url

    def send(self, queue, count, ms=0, countdown=None, task='faults.record'):
        """count tasks on queue as Celery sends them; returns their ids. Celery's own as_task_v2 builds the first
        message; the rest differ only in their ids (send_task one by one is slower than the workers under test)."""
        self.declare(queue)
        eta = None
        if countdown is not None:
            eta = (datetime.now(timezone.utc) + timedelta(seconds=countdown)).isoformat()
        first = self.app.amqp.as_task_v2(str(uuid.uuid4()), task, args=[ms], kwargs={}, eta=eta)
        ids = []
        messages = []
        for _ in range(count):
            tid = str(uuid.uuid4())
            ids.append(tid)
            headers = dict(first.headers, id=tid, root_id=tid)
            messages.append((headers, json.dumps(list(first.body)), {'correlation_id': tid}))
        self.publish_raw(queue, messages)
        return ids

    def send_one(self, queue, task='faults.record', args=(0,), **options):
        return self.app.send_task(task, args=list(args), queue=queue, **options).id

    def channel(self):
        conn = amqp.Connection(host='127.0.0.1:%d' % self.amqp_port, userid='guest', password='guest',
                               virtual_host='/')
        conn.connect()
        return conn, conn.channel()

    def declare(self, queue, arguments=None):
        """The queue as Celery declares one (durable, a direct exchange of its name), unless it exists."""
        conn, ch = self.channel()
        try:
            ch.exchange_declare(queue, 'direct', durable=True, auto_delete=False)
            ch.queue_declare(queue, durable=True, auto_delete=False, arguments=arguments or {})
            ch.queue_bind(queue, queue, queue)
        finally:
            conn.close()

    def publish_raw(self, queue, messages):
        """Publishes (headers, body, properties) triples to queue through the default exchange."""
        conn, ch = self.channel()
        try:
            ch.confirm_select()
            for headers, body, props in messages:
                props = dict({'content_type': 'application/json', 'content_encoding': 'utf-8',
                              'delivery_mode': 2, 'correlation_id': str(uuid.uuid4())}, **props)
                ch.basic_publish(amqp.Message(body, application_headers=headers, **props), exchange='',
                                 routing_key=queue)
        finally:
            conn.close()

    def ready(self, queue):
        """Messages ready in queue (not counting those delivered and unacknowledged), by a passive declare."""
        conn, ch = self.channel()
        try:
            return ch.queue_declare(queue, passive=True).message_count
        finally:
            conn.close()

    def redis(self):
        return redis.Redis.from_url(self.redis_url)

    def states(self, ids):
        """The stored state of each task id (None where nothing is stored)."""
        r = self.redis()
        out = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for tid, raw in zip(chunk, r.mget(['celery-task-meta-' + t for t in chunk])):
                out[tid] = None if raw is None else json.loads(raw).get('status')
        return out

    def succeeded(self, ids):
        return sum(1 for s in self.states(ids).values() if s == 'SUCCESS')


def headers_for(task, task_id=None, **extra):
    """Protocol 2 headers as Celery 5 writes them."""
    tid = task_id or str(uuid.uuid4())
    h = {'lang': 'py', 'task': task, 'id': tid, 'shadow': None, 'eta': None, 'expires': None, 'group': None,
         'group_index': None, 'retries': 0, 'timelimit': [None, None], 'root_id': tid, 'parent_id': None,
         'argsrepr': '()', 'kwargsrepr': '{}', 'origin': 'faults@suite', 'ignore_result': False}
    h.update(extra)
    return h


EMBED = {'callbacks': None, 'errbacks': None, 'chain': None, 'chord': None}


def body(args=(), kwargs=None, embed=None):
    return json.dumps([list(args), kwargs or {}, EMBED if embed is None else embed])
