"""What Python Celery publishes for a canvas, recorded without a broker.

    python capture_canvas.py [--protocol 1] SCENARIO...  # one JSON document per scenario, one per line
    python capture_canvas.py --list                      # the scenario names
    python capture_canvas.py --live PREFIX SCENARIO...   # really publish each to queue PREFIX<scenario>
    python capture_canvas.py --read QUEUE...             # print (and remove) every message in the queues
    python capture_canvas.py --compose                   # the dict form of canvases built with | and friends

With --protocol 1 the app publishes with task_protocol = 1 (set before anything is sent: Celery picks the message
format once) and each document's scenario is named "proto1:<name>".

Each document is {"scenario", "ops", "result"}: "ops" lists, in order, every message kombu's Producer.publish was
asked to send (exchange, routing_key, declared queues, properties, headers, body decoded from the exact bytes) and
every chord size the Redis backend was asked to write; "result" is the returned result's as_tuple(). Lovage's
protocol tests compare its own plans with these (protocol/src/test/resources/canvas/, regenerated with
protocol/src/test/resources/canvas/README.md), and the client's integration test runs this live against the newest
Celery. The scenarios are mirrored by name in Java (dev.lovage.protocol.CanvasScenarios): change both together.
"""
import json
import sys
from datetime import datetime, timedelta, timezone

from kombu import Producer, serialization

import tasks
from tasks import add, app, echo, mul, xsum
from celery import chain, chord, group, signature

_ops = []


def _publish(self, body, routing_key=None, delivery_mode=None, mandatory=False, immediate=False, priority=0,
             content_type=None, content_encoding=None, serializer=None, headers=None, compression=None,
             exchange=None, retry=False, retry_policy=None, declare=None, expiration=None, timeout=None,
             confirm_timeout=None, **properties):
    content_type, content_encoding, data = serialization.dumps(body, serializer or 'json')
    props = dict(properties)
    props.update(content_type=content_type, content_encoding=content_encoding, priority=priority)
    if expiration is not None:
        props['expiration'] = str(int(expiration * 1000))
    exchange_name = exchange.name if hasattr(exchange, 'name') else (exchange or '')
    _ops.append({'op': 'publish', 'exchange': exchange_name, 'routing_key': routing_key,
                 'declare': [q.name for q in (declare or [])], 'properties': props, 'headers': headers,
                 'body': json.loads(data)})


def _record():
    """Replace publishing and the backend's chord calls by recording (the default mode)."""
    app.conf.broker_url = 'memory://'
    Producer.publish = _publish
    app.backend.on_task_call = lambda producer, task_id: None
    app.backend.add_pending_result = lambda result, *a, **kw: result
    app.backend.remove_pending_result = lambda result: result
    app.backend.set_chord_size = lambda gid, size: _ops.append({'op': 'chord_size', 'group_id': gid, 'size': size})
    app.backend.add_to_chord = lambda gid, result: _ops.append({'op': 'add_to_chord', 'group_id': gid})
    app.backend.apply_chord = lambda header_result_args, body, **kw: _save_header(header_result_args)


def _save_header(args):
    header = app.GroupResult(*args)
    if any(isinstance(r, type(header)) for r in header.results):
        _ops.append({'op': 'save_header', 'group_id': header.id, 'result': header.as_tuple()})


def _later(seconds):
    return datetime(2030, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)


# name -> a function that applies the canvas and returns the result
SCENARIOS = {
    'add': lambda: add.s(2, 3).apply_async(),
    'add_options': lambda: add.s(2, 3).apply_async(
        countdown=10, expires=60, priority=5, queue='other_q', time_limit=30, soft_time_limit=20,
        headers={'x_custom': 'kept'}, shadow='shadowed', ignore_result=True),
    'add_kwargs': lambda: echo.s(1, 'two', [3.5, None], {'k': True}, word="it's", n=None).apply_async(),
    'add_eta': lambda: add.s(1, 1).apply_async(eta=_later(0), expires=_later(3600)),
    'exchange_rk': lambda: add.s(1, 1).apply_async(exchange='ex1', routing_key='rk1'),
    'link': lambda: add.s(1, 1).on_error(echo.s()).set(link=[mul.s(2)]).apply_async(),
    'chain5': lambda: chain(add.s(1, 1), add.s(2), add.s(3), add.s(4), add.s(5)).apply_async(),
    'chain1': lambda: chain(add.s(1, 1)).apply_async(),
    'chain_immutable': lambda: chain(add.s(1, 1), add.si(5, 5), mul.s(2)).apply_async(),
    'chain_args': lambda: chain(add.s(1), mul.s(2)).apply_async((10,)),
    'group3': lambda: group([add.s(i, i) for i in range(3)]).apply_async(),
    'group_chain_member': lambda: group([chain(add.s(1, 1), mul.s(2)), add.s(3, 3)]).apply_async(),
    'chord3': lambda: chord([add.s(i, i) for i in range(3)], xsum.s()).apply_async(),
    'chord_options': lambda: chord([add.s(1, 1), add.s(2, 2)], xsum.s()).apply_async(
        queue='other_q', link=mul.s(3), link_error=echo.s()),
    'chord_chain_body': lambda: chord([add.s(1, 1), add.s(2, 2)], chain(xsum.s(), mul.s(10))).apply_async(),
    'chord_nested': lambda: chord([chord([add.s(1, 1), add.s(2, 2)], xsum.s()), add.s(3, 3)],
                                  xsum.s()).apply_async(),
    'chord_chain_last': lambda: chord([add.s(1, 1), chain(add.s(2, 2), mul.s(2))], xsum.s()).apply_async(),
    'chord_empty': lambda: chord([], xsum.s()).apply_async(),
    'chain_chord': lambda: chain(add.s(1, 2), chord([mul.s(2), mul.s(3)], xsum.s()), add.s(10)).apply_async(),
    'chain_group_task': lambda: chain(add.s(1, 1), group([mul.s(2), mul.s(3)]), xsum.s(), add.s(1)).apply_async(),
    'group_or_task': lambda: (group([add.s(1, 1), add.s(2, 2)]) | xsum.s()).apply_async(),
    'chain_ending_group_or_task': lambda: (chain(add.s(1, 1), group([mul.s(2), mul.s(3)])) | xsum.s()).apply_async(),
    'chain_group_last': lambda: chain(add.s(1, 1), group([mul.s(2), mul.s(3)])).apply_async(),
    'stamped': lambda: _stamped(),
    # From inside a running task (see _in_task): Task.replace, Task.add_to_chord, and plain subtasks.
    'replace_task': lambda: _in_task({}, lambda t: t.replace(mul.s(2, 3))),
    'replace_chain': lambda: _in_task(
        {'chain': [add.s(100).set(task_id='next-1')], 'callbacks': [echo.s()]},
        lambda t: t.replace(chain(add.s(1, 1), mul.s(2)))),
    'replace_group_in_chord': lambda: _in_task(
        {'group': 'group-1', 'group_index': 1, 'chord': xsum.s().set(task_id='body-1')},
        lambda t: t.replace(group([add.s(1, 1), add.s(2, 2)]))),
    'replace_chord': lambda: _in_task(
        {'errbacks': [echo.s()], 'replaced_task_nesting': 2},
        lambda t: t.replace(chord([add.s(1, 1), add.s(2, 2)], xsum.s()))),
    'add_to_chord': lambda: _in_task(
        {'group': 'group-1', 'group_index': 1, 'chord': xsum.s().set(task_id='body-1')},
        lambda t: t.add_to_chord(mul.s(3, 3))),
    'add_chord_to_chord': lambda: _in_task(
        {'group': 'group-1', 'group_index': 1, 'chord': xsum.s().set(task_id='body-1')},
        lambda t: t.add_to_chord(group([add.s(1, 0), add.s(2, 0)]) | xsum.s())),
    'replace_group_member_with_chain': lambda: _in_task(
        {'group': 'group-2', 'group_index': 3}, lambda t: t.replace(chain(add.s(1, 1), mul.s(2)))),
    'subtask_delay': lambda: _in_task({}, lambda t: mul.s(2, 2).delay()),
    'subtask_group': lambda: _in_task({}, lambda t: group([mul.s(2, 2), mul.s(3, 3)]).apply_async()),
    'subtask_chain': lambda: _in_task({}, lambda t: chain(mul.s(2, 2), add.s(1)).apply_async(countdown=5)),
}

# Canvases built but not applied: their dict form, which Lovage's Signature must equal (no ids: nothing is frozen).
COMPOSITIONS = {
    'task_or_task': lambda: add.s(1, 1) | mul.s(2),
    'chain_or_task': lambda: chain(add.s(1, 1), mul.s(2)) | add.s(3),
    'group_or_task': lambda: group([add.s(1, 1), add.s(2, 2)]) | xsum.s(),
    'chain_ending_group_or_task': lambda: chain(add.s(1, 1), group([mul.s(2), mul.s(3)])) | xsum.s(),
    'chord_or_task': lambda: chord([add.s(1, 1)], xsum.s()) | mul.s(2),
    'chain_ending_chord_or_task': lambda: chain(add.s(1, 1), chord([mul.s(2)], xsum.s())) | add.s(1),
    'folded_chain': lambda: chain(add.s(1), group([mul.s(2), mul.s(3)]), xsum.s(), add.s(1)),
    'group_of_one_or_task': lambda: group([add.s(1, 1)]) | mul.s(2),
    'task_or_group_of_one': lambda: add.s(1, 1) | group([mul.s(2)]),
    'chain_or_chain': lambda: chain(add.s(1, 1), add.s(0)) | chain(mul.s(2), add.s(3)),
    'links': lambda: add.s(1, 1).on_error(echo.s()).set(link=[mul.s(2)]),
    'group_link': lambda: _linked(group([add.s(1, 1), add.s(2, 2)]), mul.s(3)),
    'chord_link_error': lambda: _link_errored(chord([add.s(1, 1)], xsum.s()), echo.s()),
    'immutable': lambda: add.si(1, 1),
    'partial': lambda: add.s(1).clone(args=(5,), kwargs={'x': 1}),
    'options': lambda: add.s(2, 2).set(queue='q', countdown=10, priority=3, headers={'h': 1}),
}


def _linked(sig, callback):
    sig.link(callback)
    return sig


def _link_errored(sig, errback):
    sig.link_error(errback)
    return sig


# The running task of the in-task scenarios: tasks.add with these ids, and what `request` adds.
RUNNING = {'id': 'running-1', 'root_id': 'root-1', 'parent_id': 'parent-1'}


def _in_task(request, fun):
    from celery._state import _task_stack
    from celery.exceptions import Ignore
    add.push_request(called_directly=False, delivery_info={}, **dict(RUNNING, **request))
    _task_stack.push(add)
    try:
        try:
            result = fun(add)
        except Ignore:
            result = None
        return _Outcome(result, list(add.request.children))
    finally:
        _task_stack.pop()
        add.pop_request()


class _Outcome:
    """A result, or none (replace), and the running task's children (request.children)."""

    def __init__(self, result, trail):
        self.result = result
        self.trail = trail

    def as_tuple(self):
        return self.result.as_tuple() if self.result is not None else None


def _stamped():
    sig = add.s(1, 1)
    sig.stamp(research='v1')
    return sig.apply_async()


def live(prefix, names):
    """Publish each scenario for real, to a queue of its own."""
    for name in names:
        app.conf.task_default_queue = prefix + name
        result = SCENARIOS[name]()
        print(json.dumps({'scenario': name, 'result': result.as_tuple()}), flush=True)


def read(queues):
    """Every message in the queues, as received: delivery info, properties, headers, body."""
    keys = ('content_type', 'content_encoding', 'delivery_mode', 'priority', 'correlation_id', 'reply_to',
            'expiration')
    with app.connection_for_read() as conn:
        for queue in queues:
            channel = conn.channel()
            while True:
                try:
                    message = channel.basic_get(queue, no_ack=True)
                except conn.channel_errors:
                    break  # no such queue: nothing was published to it
                if message is None:
                    break
                props = {k: message.properties.get(k) for k in keys if message.properties.get(k) is not None}
                print(json.dumps({'queue': queue, 'exchange': message.delivery_info.get('exchange'),
                                  'routing_key': message.delivery_info.get('routing_key'), 'properties': props,
                                  'headers': message.headers, 'body': json.loads(message.body)},
                                 default=str), flush=True)


def main(args):
    if args[:1] == ['--live']:
        return live(args[1], args[2:])
    if args[:1] == ['--read']:
        return read(args[1:])
    if args[:1] == ['--compose']:
        for name, build in COMPOSITIONS.items():
            print(json.dumps({'composition': name, 'json': json.dumps(build())}), flush=True)
        return
    _record()
    prefix = ''
    if args[:1] == ['--protocol']:
        app.conf.task_protocol = int(args[1])
        prefix = 'proto%s:' % args[1] if args[1] != '2' else ''
        args = args[2:]
    for name in args or list(SCENARIOS):
        del _ops[:]
        result = SCENARIOS[name]()
        doc = {'scenario': prefix + name, 'ops': list(_ops), 'result': result.as_tuple()}
        if isinstance(result, _Outcome):
            doc['trail'] = [r.as_tuple() for r in result.trail]
        print(json.dumps(doc), flush=True)


if __name__ == '__main__':
    if sys.argv[1:] == ['--list']:
        print('\n'.join(SCENARIOS))
    else:
        main(sys.argv[1:])
