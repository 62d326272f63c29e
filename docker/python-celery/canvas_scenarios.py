"""Canvas scenarios for the interop tests: the same canvas run against whichever workers consume the queues.

Each scenario empties the result database first (tests give every run a database of its own), runs the canvas,
waits for it and prints one JSON line: the result and what the run left in Redis, by key pattern.
    python -c "import canvas_scenarios as s; s.main('chord100', 'queue_a', 'queue_b')"
"""
import json
import sys
import time

from celery import chain, chord, group
from celery.result import AsyncResult

from tasks import add, app, fail, mul, record_error, xsum


def _keys():
    client = app.backend.client
    task_meta = len(client.keys('celery-task-meta-*'))
    taskset = sorted(k.decode()[len('celery-taskset-meta-') + 36:] for k in client.keys('celery-taskset-meta-*'))
    return {'task_meta': task_meta, 'taskset_suffixes': taskset}


def chain5(q, q2):
    return chain(add.s(1, 2), mul.s(10), add.s(5), mul.s(2), add.s(1)).apply_async(queue=q).get(timeout=30)


def group50(q, q2):
    return group(add.s(i, i).set(queue=q) for i in range(50)).apply_async().get(timeout=30)


def chord100(q, q2):
    return chord((add.s(i, i).set(queue=q) for i in range(100)), xsum.s().set(queue=q)).apply_async().get(timeout=60)


def mixed_chord_callback_first(q, q2):
    """Header tasks alternate between the two queues; the callback runs on the first."""
    header = [add.s(i, i).set(queue=(q, q2)[i % 2]) for i in range(20)]
    return chord(header, xsum.s().set(queue=q)).apply_async().get(timeout=60)


def mixed_chord_callback_second(q, q2):
    header = [add.s(i, i).set(queue=(q, q2)[i % 2]) for i in range(20)]
    return chord(header, xsum.s().set(queue=q2)).apply_async().get(timeout=60)


def chain_chord_chain(q, q2):
    return chain(add.s(1, 1), group(add.s(1), add.s(2)), xsum.s(), mul.s(10)).apply_async(queue=q).get(timeout=30)


def nested_chord(q, q2):
    inner = chord([add.s(1, 1).set(queue=q), add.s(2, 2).set(queue=q)], xsum.s().set(queue=q))
    return chord([inner, add.s(3, 3).set(queue=q)], xsum.s().set(queue=q)).apply_async().get(timeout=30)


def chord_failure(q, q2):
    body = xsum.s().set(queue=q).on_error(record_error.s().set(queue=q))
    res = chord([add.s(1, 1).set(queue=q), fail.s('boom').set(queue=q)], body).apply_async()
    try:
        res.get(timeout=30)
    except Exception as exc:
        raised = '%s(%r)' % (type(exc).__name__, str(exc))
    callback = AsyncResult(res.id)
    deadline = time.time() + 30
    while callback.state != 'FAILURE' and time.time() < deadline:
        time.sleep(0.05)
    errback_results = [c for c in app.backend.client.keys('celery-task-meta-*')
                       if json.loads(app.backend.client.get(c)).get('result') == res.id]
    deadline = time.time() + 30
    while not errback_results and time.time() < deadline:
        time.sleep(0.1)
        errback_results = [c for c in app.backend.client.keys('celery-task-meta-*')
                           if json.loads(app.backend.client.get(c)).get('result') == res.id]
    cause = callback.result
    return {'raised': raised, 'callback_state': callback.state, 'callback_exc': type(cause).__name__,
            'callback_module': type(cause).__module__, 'message_starts': str(cause)[:len('Dependency ')],
            'errback_ran': len(errback_results)}


def link_and_link_error(q, q2):
    linked = add.apply_async((2, 2), link=mul.s(3).set(queue=q), queue=q)
    linked.get(timeout=10)
    time.sleep(0.3)
    child = linked.children[0].get(timeout=10)
    failed = fail.apply_async(('x',), link_error=record_error.s().set(queue=q), queue=q)
    try:
        failed.get(timeout=10)
    except ValueError:
        pass
    deadline = time.time() + 10
    got = None
    while got is None and time.time() < deadline:
        for key in app.backend.client.keys('celery-task-meta-*'):
            meta = json.loads(app.backend.client.get(key))
            if meta.get('result') == failed.id and meta['task_id'] != failed.id:
                got = meta['result']
        time.sleep(0.05)
    return {'link': child, 'link_error_got_failed_id': got == failed.id}


def chord_unlock(q, q2):
    """What a producer whose backend has no native join sends: celery.chord_unlock polls the header results."""
    from celery import uuid
    from tasks import sleep
    header = [add.apply_async((i, i), queue=q) for i in range(5)] + [sleep.apply_async((1,), queue=q)]
    callback = xsum.s().set(queue=q)
    callback.freeze()
    app.send_task('celery.chord_unlock', args=(uuid(), callback), queue=q,
                  kwargs={'result': [r.as_tuple() for r in header], 'interval': 0.2})
    return AsyncResult(callback.id).get(timeout=30)


def main(name, q, q2):
    app.conf.task_routes = {'tasks.*': {'queue': q}}
    app.backend.client.flushdb()
    result = globals()[name](q, q2)
    time.sleep(0.5)
    print(json.dumps({'result': result, **_keys()}), flush=True)


if __name__ == '__main__':
    main(*sys.argv[1:])
