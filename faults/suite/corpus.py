"""Malformed messages of many kinds, as (kind, headers, body, properties): what a broken or hostile producer sends.
Each is refused by a Lovage worker (rejected without requeue, the reason logged) and none stops it."""
import json
import zlib

import msgpack

from .producer import EMBED, body, headers_for

TASK = 'faults.noop'


def _h(**extra):
    return headers_for(TASK, **extra)


def _deep(n, leaf=1):
    v = leaf
    for _ in range(n):
        v = [v]
    return v


def kinds():
    """About forty kinds of malformed task message."""
    good = body()
    big_int = '1' + '0' * 5000
    out = [
        ('not json', _h(), b'[[1, 2], {', {}),
        ('truncated', _h(), good[:-3].encode(), {}),
        ('trailing data', _h(), (good + ' []').encode(), {}),
        ('empty body', _h(), b'', {}),
        ('whitespace body', _h(), b'   ', {}),
        ('json null', _h(), b'null', {}),
        ('two elements', _h(), json.dumps([[], {}]).encode(), {}),
        ('args not a list', _h(), json.dumps([{'a': 1}, {}, EMBED]).encode(), {}),
        ('kwargs not a mapping', _h(), json.dumps([[], [1], EMBED]).encode(), {}),
        ('embed not a mapping', _h(), json.dumps([[], {}, 'x']).encode(), {}),
        ('callback not a signature', _h(), json.dumps([[], {}, dict(EMBED, callbacks=[1])]).encode(), {}),
        ('chord without a task', _h(), json.dumps([[], {}, dict(EMBED, chord={'args': []})]).encode(), {}),
        ('no task name', {k: v for k, v in _h().items() if k != 'task'}, good.encode(), {}),
        ('no id', {k: v for k, v in _h().items() if k != 'id'}, good.encode(), {}),
        ('bad eta', _h(eta='tomorrow at noon'), good.encode(), {}),
        ('bad expires', _h(expires=[1, 2]), good.encode(), {}),
        ('retries not a number', _h(retries='many'), good.encode(), {}),
        ('group_index not a number', _h(group_index='x'), good.encode(), {}),
        ('timelimit odd', _h(timelimit={'hard': 1}), good.encode(), {}),
        ('pickle', _h(), b'\x80\x04K\x01.', {'content_type': 'application/x-python-serialize'}),
        ('unknown content type', _h(), good.encode(), {'content_type': 'application/x-protobuf'}),
        ('BOM', _h(), b'\xef\xbb\xbf' + good.encode(), {}),
        ('UTF-16', _h(), good.encode('utf-16'), {}),
        ('invalid UTF-8', _h(), b'[["\xc3"], {}, null]', {}),
        ('number with 5000 digits', _h(), ('[[%s], {}, null]' % big_int).encode(), {}),
        ('unknown kombu type', _h(), json.dumps([[{'__type__': 'frozenset', '__value__': []}], {}, None]).encode(),
         {}),
        ('bad kombu datetime', _h(), json.dumps([[{'__type__': 'datetime', '__value__': '99999-13-45'}], {},
                                                  None]).encode(), {}),
        ('bad kombu uuid', _h(), json.dumps([[{'__type__': 'uuid', '__value__': {'hex': 'zz', 'version': 99}}], {},
                                              None]).encode(), {}),
        ('nested 5000 deep', _h(), ('[' + '[' * 5000 + ']' * 5000 + ', {}, null]').encode(), {}),
        ('two million values', _h(), ('[[' + '0,' * 2_000_000 + '0], {}, null]').encode(), {}),
        ('zlib bomb 80 MB', _h(compression='application/x-gzip'),
         zlib.compress(b'[[' + b'0,' * 40_000_000 + b'0], {}, null]', 9), {}),
        ('zlib bomb of lists', _h(compression='application/x-gzip'),
         zlib.compress(b'[[' + b'[],' * 8_000_000 + b'[]], {}, null]', 9), {}),
        ('corrupt zlib', _h(compression='application/x-gzip'), b'x\x9c not zlib at all', {}),
        ('unknown compression', _h(compression='application/x-lz4'), good.encode(), {}),
        ('msgpack claiming 2 GiB', _h(), b'\x93\xc6\x7f\xff\xff\xff\x01\x02',
         {'content_type': 'application/x-msgpack', 'content_encoding': 'binary'}),
        ('msgpack not a list', _h(), msgpack.packb({'a': 1}),
         {'content_type': 'application/x-msgpack', 'content_encoding': 'binary'}),
        ('yaml alias bomb', _h(), b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
         b'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
         {'content_type': 'application/x-yaml'}),
        ('args deeply nested', _h(), json.dumps([_deep(900), {}, None]).encode(), {}),
        ('header tables 20 deep', _h(stamps=_deep_table(20)), good.encode(), {}),
        ('a 64 kB task name', _h(), good.encode(), {}),
    ]
    # The last one: a task name of 64 kB, unknown to the worker (a header frame holds at most 128 kB).
    out[-1][1]['task'] = 'x' * 65_536
    return out


def _deep_table(n):
    v = {'leaf': 1}
    for _ in range(n):
        v = {'k': v}
    return v

