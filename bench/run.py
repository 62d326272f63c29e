"""Benchmark harness: a Lovage worker against Python Celery workers on the same RabbitMQ and Redis, one run.

    bin/bench [--tasks 50000] [--io-tasks 10000] [--latency-seconds 10]

Prints a table with ratios against the Python prefork worker (one process per core) and the Python threads pool,
measured in the same run. Each scenario uses a queue and a Redis database of its own and starts the worker after
the queue is filled, so producer speed does not count where it should not. See docs/benchmarks.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

import redis
from celery import Celery

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BROKER = os.environ.get('CELERY_BROKER_URL', 'amqp://guest:guest@127.0.0.1:5672//')
REDIS = os.environ.get('LOVAGE_BENCH_REDIS', 'redis://127.0.0.1:6379')
JAVA = os.environ['LOVAGE_JAVA']
JAR = os.path.join(ROOT, 'cli', 'target', 'lovage.jar')
APP_DIR = os.path.join(ROOT, 'docker', 'python-celery')
CORES = os.cpu_count() or 2


def app_for(db):
    app = Celery('bench', broker=BROKER, backend='%s/%d' % (REDIS, db))
    app.conf.result_expires = 3600
    return app


def rss_kb(pid):
    """Peak resident memory of a process and its children (VmHWM), in KiB."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(['pgrep', '-P', str(pid)], capture_output=True,
                                                    text=True).stdout.split()]
    for p in pids:
        try:
            with open('/proc/%d/status' % p) as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def start_worker(kind, queue, db, concurrency, extra_env=None):
    env = dict(os.environ, CELERY_BROKER_URL=BROKER, CELERY_RESULT_BACKEND='%s/%d' % (REDIS, db),
               PYTHONPATH=APP_DIR, **(extra_env or {}))
    env.pop('CELERY_RESULT_EXTENDED', None)
    if kind == 'lovage':
        cmd = [JAVA, '-jar', JAR, 'worker', '-A', 'dev.lovage.examples.ExampleTasks', '-Q', queue,
               '-c', str(concurrency), '-n', 'bench-%s@%%h' % queue, '-l', 'warning']
    else:
        cmd = [sys.executable, '-m', 'celery', '-A', 'tasks', 'worker', '-Q', queue, '-c', str(concurrency),
               '-P', kind, '-n', 'bench-%s@%%h' % queue, '-l', 'warning', '--without-gossip',
               '--without-mingle', '--without-heartbeat']
    return subprocess.Popen(cmd, env=env, cwd=APP_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def fill(app, queue, name, args_of, count):
    with app.producer_or_acquire() as producer:
        for i in range(count):
            app.send_task(name, args=args_of(i), queue=queue, producer=producer)


def purge(app, queue):
    """Empties a queue left over from an aborted run (a missing queue is fine)."""
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
    except Exception:
        pass


def wait_results(r, count, timeout):
    """Polls the result database until count results exist; returns (first, last) times."""
    first = None
    deadline = time.time() + timeout
    while time.time() < deadline:
        n = r.dbsize()
        now = time.time()
        if n and first is None:
            first = now
        if n >= count:
            return first, now
        time.sleep(0.02)
    raise SystemExit('only %d of %d results after %d s' % (r.dbsize(), count, timeout))


def prefilled(kind, concurrency, count, db, name='tasks.add', args_of=lambda i: (i, i), timeout=600):
    """(a) and (d): fill the queue, then start the worker; tasks per second from the first to the last result."""
    queue = 'bench_%s_%d' % (kind, db)
    app = app_for(db)
    r = redis.Redis.from_url('%s/%d' % (REDIS, db))
    r.flushdb()
    purge(app, queue)
    fill(app, queue, name, args_of, count)
    started = time.time()
    worker = start_worker(kind, queue, db, concurrency)
    try:
        first, last = wait_results(r, count, timeout)
        peak = rss_kb(worker.pid)
    finally:
        stop(worker)
    r.flushdb()
    return {'rate': count / max(last - first, 1e-9), 'startup': first - started, 'rss_mb': peak / 1024}


def chords(kind, concurrency, count, size, db, cleanup):
    """(c): count chords of size header tasks; seconds from dispatch to the last callback result."""
    queue = 'bench_chord_%s_%d' % (kind, db)
    app = app_for(db)
    app.conf.task_routes = {'*': {'queue': queue}}
    r = redis.Redis.from_url('%s/%d' % (REDIS, db))
    r.flushdb()
    purge(app, queue)
    env = {'CELERY_RESULT_CHORD_CLEANUP': 'true' if cleanup else 'false', 'CELERY_TASK_DEFAULT_QUEUE': queue}
    worker = start_worker(kind, queue, db, concurrency, env)
    time.sleep(8)
    from celery import chord
    try:
        start = time.time()
        results = [chord([app.signature('tasks.add', args=(i, i)) for i in range(size)],
                         app.signature('tasks.xsum')).apply_async() for _ in range(count)]
        for res in results:
            res.get(timeout=600)
        elapsed = time.time() - start
        time.sleep(2)
        left = len(r.keys('celery-task-meta-*')) - count
    finally:
        stop(worker)
    r.flushdb()
    return {'seconds': elapsed, 'header_results_left': left}


def latency(kind, concurrency, seconds, rate, db):
    """(e): publish at a steady rate; publish-to-result latency from the stored date_done (same host clock)."""
    queue = 'bench_lat_%s_%d' % (kind, db)
    app = app_for(db)
    r = redis.Redis.from_url('%s/%d' % (REDIS, db))
    r.flushdb()
    worker = start_worker(kind, queue, db, concurrency)
    time.sleep(8)
    sent = {}
    try:
        with app.producer_or_acquire() as producer:
            start = time.time()
            for i in range(int(seconds * rate)):
                target = start + i / rate
                delay = target - time.time()
                if delay > 0:
                    time.sleep(delay)
                res = app.send_task('tasks.add', args=(i, i), queue=queue, producer=producer)
                sent[res.id] = time.time()
        wait_results(r, len(sent), 120)
    finally:
        stop(worker)
    lat = []
    for task_id, at in sent.items():
        meta = json.loads(r.get('celery-task-meta-' + task_id))
        t = datetime.fromisoformat(meta['date_done'])
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        lat.append((t.timestamp() - at) * 1000)
    r.flushdb()
    lat.sort()
    return {'p50_ms': lat[len(lat) // 2], 'p99_ms': lat[int(len(lat) * 0.99) - 1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--tasks', type=int, default=50000)
    parser.add_argument('--io-tasks', type=int, default=10000)
    parser.add_argument('--python-io-tasks', type=int, default=1000)
    parser.add_argument('--latency-seconds', type=int, default=10)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--chords', type=int, default=200)
    parser.add_argument('--chord-size', type=int, default=100)
    args = parser.parse_args()
    rows = []

    def median_of(fn):
        runs = [fn() for _ in range(args.runs)]
        return {k: statistics.median(run[k] for run in runs) for k in runs[0]}

    a_py = median_of(lambda: prefilled('prefork', CORES, args.tasks, 3))
    a_th = median_of(lambda: prefilled('threads', 8, args.tasks, 3))
    a_lv = median_of(lambda: prefilled('lovage', 16, args.tasks, 3))
    rows.append(('(a) prefilled %d tasks.add, tasks/s' % args.tasks, a_py['rate'], a_th['rate'], a_lv['rate']))
    rows.append(('(f) peak RSS during (a), MB', a_py['rss_mb'], a_th['rss_mb'], a_lv['rss_mb']))
    d_th = median_of(lambda: prefilled('threads', 8, args.python_io_tasks, 4, 'tasks.sleep', lambda i: (0.05,)))
    d_lv = median_of(lambda: prefilled('lovage', 1000, args.io_tasks, 4, 'tasks.sleep', lambda i: (0.05,)))
    rows.append(('(d) tasks.sleep(0.05), tasks/s (Python threads: 8)', float('nan'), d_th['rate'], d_lv['rate']))
    c_py = median_of(lambda: chords('prefork', CORES, args.chords, args.chord_size, 7, False))
    c_off = median_of(lambda: chords('lovage', 16, args.chords, args.chord_size, 7, False))
    c_on = median_of(lambda: chords('lovage', 16, args.chords, args.chord_size, 7, True))
    label = '(c) %d chords of %d, s to the last callback' % (args.chords, args.chord_size)
    rows.append((label + ', cleanup off', c_py['seconds'], float('nan'), c_off['seconds']))
    rows.append((label + ', cleanup on', c_py['seconds'], float('nan'), c_on['seconds']))
    rows.append(('(c) header results left 2 s later, cleanup off / on', c_py['header_results_left'],
                 c_off['header_results_left'], c_on['header_results_left']))
    e_py = median_of(lambda: latency('prefork', CORES, args.latency_seconds, 1000, 5))
    e_lv = median_of(lambda: latency('lovage', 16, args.latency_seconds, 1000, 5))
    rows.append(('(e) latency at 1000/s, p50 ms', e_py['p50_ms'], float('nan'), e_lv['p50_ms']))
    rows.append(('(e) latency at 1000/s, p99 ms', e_py['p99_ms'], float('nan'), e_lv['p99_ms']))

    print('| scenario | Python prefork (-c %d) | Python threads | Lovage | Lovage / prefork | Lovage / threads |'
          % CORES)
    print('|---|---|---|---|---|---|')
    for name, py, th, lv in rows:
        def ratio(x):
            return '%.1fx' % (lv / x) if x == x and x else 'n/a'
        print('| %s | %.1f | %.1f | %.1f | %s | %s |' % (name, py, th, lv, ratio(py), ratio(th)))


if __name__ == '__main__':
    main()
