"""Poison messages, a malformed corpus, the decoder fuzz, floods and limits, each followed by good tasks that the
same worker must answer."""
import os
import re
import subprocess
import time
import zlib
from datetime import datetime, timezone

from . import corpus
from .context import wait_done
from .producer import body, headers_for
from .workers import JARS, wait_until

ACCEPT_ALL = {'accept_content': 'json,msgpack,yaml'}


def _good(suite, worker, count, timeout=60):
    ids = suite.producer.send(worker.queue, count)
    wait_done(suite.producer, ids, timeout)
    done = suite.producer.succeeded(ids)
    return done, count


def _gauge(worker, name):
    m = re.search(r'^%s\S* (\S+)' % name, worker.metrics(), re.M)
    return int(float(m.group(1))) if m else 0


def _drained(suite, worker, timeout):
    """True once the worker's queue holds nothing ready and nothing unacknowledged but the tasks it holds for their
    eta (rabbitmqctl is asked only once nothing is ready: each call costs a second of CPU)."""
    def settled():
        if suite.producer.ready(worker.queue) != 0:
            return False
        q = suite.rabbit.queue(worker.queue) or (1, 1, 0)
        held = _gauge(worker, 'celery_task_eta_held_tasks') + _gauge(worker, 'celery_task_eta_overflow_tasks')
        return q[0] == 0 and q[1] == held
    return wait_until(settled, timeout, interval=1)


def poison(suite):
    """The messages that stopped workers before: far etas, a body above the RabbitMQ client's limit, bombs."""
    suite.flush_results()
    w = suite.worker('poison', suite.queue('poison'), ACCEPT_ALL, concurrency=2)
    p = suite.producer
    far = [p.send_one(w.queue, eta=datetime(2400, 1, 1, tzinfo=timezone.utc)),
           p.send_one(w.queue, eta=datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)),
           p.send_one(w.queue, countdown=10 ** 10)]
    big = 70 * 1024 * 1024
    p.publish_raw(w.queue, [
        (headers_for('faults.noop'), b'[[' + b'0,' * (big // 2) + b'0], {}, null]', {}),
        (headers_for('faults.noop', compression='application/x-gzip'),
         zlib.compress(b'[[' + b'0,' * 40_000_000 + b'0], {}, null]', 9), {}),
    ] + [(headers_for('faults.noop', compression='application/x-gzip'),
          zlib.compress(b'[[' + b'[],' * 20_000_000 + b'[]], {}, null]', 9), {})] * 12)
    done, count = _good(suite, w, 100)
    health = w.health_document()
    held = health.get('status') in ('up', 'degraded')
    suite.figure('poison', 'far etas (2400, 9999, countdown 1e10) held, a 70 MiB body and 13 bombs rejected; '
                 'good tasks after them: %d/%d; health %s; RSS %.0f MB' % (done, count, health.get('status'),
                                                                          w.rss_mb()))
    suite.check(done == count, 'after the poison messages only %d of %d good tasks ran' % (done, count))
    suite.check(held and w.alive(), 'the worker stopped consuming after the poison messages: %s' % health)
    suite.check('bytes, more than the limit of %d (worker_max_body_size)' % (64 * 1024 * 1024) in w.log_text(),
                "the 70 MiB body did not reach Lovage's own size check")
    suite.stop_workers()
    return {'poison_good': done}


def malformed(suite, each=10):
    """Every kind in corpus.kinds(), `each` times, then good tasks."""
    suite.flush_results()
    w = suite.worker('corpus', suite.queue('corpus'), ACCEPT_ALL, concurrency=2)
    kinds = corpus.kinds()
    batch = [(h, b, props) for _, h, b, props in kinds]
    total = 0
    for _ in range(each):
        suite.producer.publish_raw(w.queue, batch)
        total += len(batch)
    drained = _drained(suite, w, 120)
    done, count = _good(suite, w, 200)
    suite.figure('malformed', '%d messages of %d kinds all refused: %s; good tasks after them: %d/%d; RSS %.0f MB'
                 % (total, len(kinds), 'yes' if drained else 'NO', done, count, w.rss_mb()))
    suite.check(drained, 'the malformed corpus was not all settled: %s' % (suite.rabbit.queue(w.queue),))
    suite.check(done == count, 'after the corpus only %d of %d good tasks ran' % (done, count))
    suite.stop_workers()
    return {'corpus_messages': total, 'corpus_kinds': len(kinds)}


def fuzz(suite, seconds, seed):
    """The decoder fuzz's messages (generated from the seed, FuzzPublisher) against a live worker; RSS before, after."""
    suite.flush_results()
    w = suite.worker('fuzz', suite.queue('fuzz'), ACCEPT_ALL, concurrency=4)
    _good(suite, w, 500)
    time.sleep(2)
    before = w.rss_mb()
    java = os.environ.get('LOVAGE_JAVA', 'java')
    out = subprocess.run([java, '-Xmx512m', '-cp', ':'.join(JARS), 'dev.lovage.faults.FuzzPublisher',
                          'amqp://guest:guest@127.0.0.1:%d/%%2F' % suite.rabbit.port, w.queue, str(seconds),
                          '1000000', str(seed)], capture_output=True, text=True, timeout=seconds + 120)
    m = re.search(r'published=(\d+) kinds=(\d+)', out.stdout)
    published = int(m.group(1)) if m else 0
    drained = _drained(suite, w, 180)
    done, count = _good(suite, w, 200)
    time.sleep(3)
    grown = w.rss_mb()
    after = _idle_rss(w, 12)
    suite.figure('fuzz', '%d messages in %d s (generated, seed %d), settled: %s; good tasks after: %d/%d; '
                 'RSS before %.0f MB, after %.0f MB once idle 12 s (%.2fx; %.0f MB when the burst ended)'
                 % (published, seconds, seed, 'yes' if drained else 'NO', done, count, before, after,
                    after / max(before, 1), grown))
    suite.check(published > 0, 'the fuzz published nothing: %s %s' % (out.stdout[-500:], out.stderr[-2000:]))
    suite.check(drained, 'the fuzz messages were not all settled: %s' % (suite.rabbit.queue(w.queue),))
    suite.check(done == count, 'after the fuzz only %d of %d good tasks ran' % (done, count))
    suite.check(after <= 2 * before, 'RSS after the fuzz %.0f MB is more than twice %.0f MB' % (after, before))
    suite.stop_workers()
    return {'fuzz_messages': published, 'rss_before': before, 'rss_after': after, 'rss_grown': grown}


def _idle_rss(w, seconds):
    """RSS once the worker has been idle for `seconds`: the JVM gives back heap it grew to for a burst at its periodic
    collection (every 5 s when idle: bin/lib/env.sh, G1PeriodicGCInterval), as a fleet's hosts would see it."""
    time.sleep(seconds)
    return w.rss_mb()


def unknown_flood(suite, count=8_000):
    """Unknown tasks while Redis is down: their NotRegistered results cannot be stored; memory stays bounded."""
    suite.flush_results()
    w = suite.worker('flood', suite.queue('flood'), concurrency=2)
    _good(suite, w, 100)
    before = w.rss_mb()
    suite.redis_node.stop(save=True)
    msgs = [(headers_for('faults.not_here'), body(), {})] * count
    start = time.time()
    suite.producer.publish_raw(w.queue, msgs)
    drained = _drained(suite, w, 120)
    peak = w.rss_mb()
    took = time.time() - start
    suite.redis_node.start()
    done, total = _good(suite, w, 100)
    suite.figure('unknown flood', '%d unknown tasks with Redis down, refused in %.0f s: %s; RSS %.0f -> %.0f MB; '
                 'good tasks after Redis returned: %d/%d' % (count, took, 'yes' if drained else 'NO', before, peak,
                                                              done, total))
    suite.check(drained, 'the unknown tasks were not all refused')
    suite.check(peak <= 2 * before + 64, 'RSS grew from %.0f to %.0f MB during the flood' % (before, peak))
    suite.check(done == total, 'after the flood only %d of %d good tasks ran' % (done, total))
    suite.stop_workers()
    return {'flood_rss_before': before, 'flood_rss_peak': peak}


def eta_limit(suite):
    """Past worker_eta_task_limit: Celery's back-pressure, reported by a WARNING, a gauge and /health degraded."""
    suite.flush_results()
    w = suite.worker('etalimit', suite.queue('etalimit'), {'worker_eta_task_limit': 10}, concurrency=2)
    suite.producer.send(w.queue, 30, countdown=3600)
    degraded = wait_until(lambda: w.health() == 'degraded', 30)
    metrics = w.metrics()
    gauge = re.search(r'^celery_task_eta_overflow_tasks\S* (\S+)', metrics, re.M)
    warned = 'worker_eta_task_limit (10) reached' in w.log_text()
    suite.figure('eta limit', '30 countdown tasks past a limit of 10: /health %s, celery.task.eta.overflow %s, '
                 'WARNING %s' % (w.health(), gauge.group(1) if gauge else 'missing', 'logged' if warned else 'MISSING'))
    suite.check(degraded, '/health did not say degraded past worker_eta_task_limit: %s' % w.health_document())
    suite.check(gauge is not None and float(gauge.group(1)) > 0, 'no celery.task.eta.overflow gauge above 0')
    suite.check(warned, 'no WARNING past worker_eta_task_limit')
    suite.stop_workers()
    return {}
