"""Benchmark harness: a Lovage worker against Python Celery workers on the same RabbitMQ and Redis, one run.

    bin/bench [--tasks 50000] [--io-tasks 10000] [--latency-seconds 10] [--runs 3] [--only a,b,c,d,e,p]
              [--brokers amqp,redis]

Prints a table with ratios against the Python prefork worker (one process per core) and the Python threads pool,
measured in the same run, each figure the median of --runs runs. Each scenario uses a queue and a Redis database of
its own. Every scenario runs on each broker asked for: RabbitMQ, and Redis as the broker (kombu's Redis transport,
LOVAGE_BENCH_REDIS_BROKER, default database 1 of the bench Redis), Python and Lovage on the same broker. See
docs/benchmarks.md.
"""
import argparse
import base64
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from datetime import datetime, timezone

import amqp
import redis
from celery import Celery, chord

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BROKER = os.environ.get('CELERY_BROKER_URL', 'amqp://guest:guest@127.0.0.1:5672//')
REDIS = os.environ.get('LOVAGE_BENCH_REDIS', 'redis://127.0.0.1:6379')
REDIS_BROKER = os.environ.get('LOVAGE_BENCH_REDIS_BROKER', REDIS + '/1')
SEP = '\x06\x16'
JAVA = os.environ['LOVAGE_JAVA']
JAR = os.path.join(ROOT, 'cli', 'target', 'lovage.jar')
# The class cache option bin/lovage adds (bin/bench builds the cache first): every Lovage run starts as bin/lovage's.
AOT_OPTS = os.environ.get('LOVAGE_AOT_OPTS', '').split()
APP_DIR = os.path.join(ROOT, 'docker', 'python-celery')
CORES = os.cpu_count() or 2
MORE, LESS = 'more is better', 'less is better'
LOVAGE_CONCURRENCY = int(os.environ.get('LOVAGE_BENCH_CONCURRENCY', '64'))


# LOVAGE_BENCH_DB: one Redis database for every scenario (each scenario empties it first), for a Redis shared with
# others; by default each scenario has a database of its own.
FORCED_DB = os.environ.get('LOVAGE_BENCH_DB')


def redis_url(db):
    return '%s/%d' % (REDIS, int(FORCED_DB) if FORCED_DB else db)


def broker_url(broker):
    return REDIS_BROKER if broker == 'redis' else BROKER


def redis_broker():
    return redis.Redis.from_url(REDIS_BROKER)


def app_for(db, broker='amqp'):
    app = Celery('bench', broker=broker_url(broker), backend=redis_url(db))
    app.conf.result_expires = 3600
    return app


def family(pid):
    """A process and its children (a prefork worker's pool processes)."""
    return [pid] + [int(p) for p in subprocess.run(['pgrep', '-P', str(pid)], capture_output=True,
                                                   text=True).stdout.split()]


def rss_kb(pid):
    """Peak resident memory of a process and its children (VmHWM), in KiB."""
    total = 0
    for p in family(pid):
        try:
            with open('/proc/%d/status' % p) as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def lovage_args(queue, concurrency):
    return ['-A', 'dev.lovage.examples.ExampleTasks', '-Q', queue, '-c', str(concurrency), '-n',
            'bench-%s@%%h' % queue, '-l', 'warning', '--without-gossip', '--without-mingle', '--without-heartbeat']


def start_worker(kind, queue, db, concurrency, extra_env=None, broker='amqp', script=False):
    env = dict(os.environ, CELERY_BROKER_URL=broker_url(broker), CELERY_RESULT_BACKEND=redis_url(db),
               PYTHONPATH=APP_DIR, **(extra_env or {}))
    env.pop('CELERY_RESULT_EXTENDED', None)
    if kind == 'lovage' and script:
        # bin/lovage itself, as a user starts it: the script's own work and the class cache it adds count.
        cmd = [os.path.join(ROOT, 'bin', 'lovage'), 'worker'] + lovage_args(queue, concurrency)
    elif kind == 'lovage':
        cmd = [JAVA] + os.environ.get('LOVAGE_JAVA_OPTS', '').split() + AOT_OPTS + ['-jar', JAR, 'worker'] + \
            lovage_args(queue, concurrency)
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
        proc.wait()


def channel():
    # The RabbitMQ of CELERY_BROKER_URL, read as kombu reads it ('//' or nothing: vhost '/').
    url = urllib.parse.urlsplit(BROKER)
    vhost = urllib.parse.unquote(url.path[1:]) if len(url.path) > 1 else '/'
    conn = amqp.Connection(host='%s:%d' % (url.hostname or '127.0.0.1', url.port or 5672),
                           userid=urllib.parse.unquote(url.username or 'guest'),
                           password=urllib.parse.unquote(url.password or 'guest'), virtual_host=vhost or '/')
    conn.connect()
    return conn, conn.channel()


def redis_lists(queue):
    return [queue] + [queue + SEP + str(step) for step in (3, 6, 9)]


def declare(queue, broker='amqp'):
    """The queue as a Celery worker declares it (durable, direct exchange of the same name), emptied. On Redis: its
    lists and binding gone, so that the binding a starting worker writes tells that it consumes."""
    if broker == 'redis':
        redis_broker().delete(*redis_lists(queue), '_kombu.binding.' + queue, '_kombu.binding_permanent.' + queue)
        return
    conn, ch = channel()
    try:
        ch.exchange_declare(queue, 'direct', durable=True, auto_delete=False)
        ch.queue_declare(queue, durable=True, auto_delete=False)
        ch.queue_bind(queue, queue, queue)
        ch.queue_purge(queue)
    finally:
        conn.close()


def consumers(queue, broker='amqp'):
    if broker == 'redis':
        return int(redis_broker().sismember('_kombu.binding.' + queue, queue + SEP + SEP + queue))
    conn, ch = channel()
    try:
        return ch.queue_declare(queue, passive=True).consumer_count
    finally:
        conn.close()


def wait_consumer(queue, proc, timeout=120, broker='amqp'):
    """Until the worker consumes the queue (and a second more for its pool), or its process has died."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit('the worker for %s exited with %s' % (queue, proc.returncode))
        if consumers(queue, broker) > 0:
            time.sleep(0.5)
            return
        time.sleep(0.1)
    raise SystemExit('no worker consumed %s within %d s' % (queue, timeout))


def messages(name, args_of, count, db, store_every=None):
    """count Celery protocol-2 messages as (id, headers, properties, body): Celery's own as_task_v2 builds the first,
    the rest differ only in their ids and arguments (building each with Celery would make the producer, not the
    worker, the bottleneck). With store_every, only every store_every-th message and the last one ask for their
    result to be stored; the others carry ignore_result=True (the header Celery 5.1+ honours)."""
    app = app_for(db)
    first = app.amqp.as_task_v2('00000000-0000-0000-0000-000000000000', name, args=args_of(0), kwargs={})
    embed = first.body[2]
    for i in range(count):
        tid = str(uuid.uuid4())
        args = args_of(i)
        headers = dict(first.headers, id=tid, root_id=tid, argsrepr=repr(args))
        if store_every:
            headers['ignore_result'] = not (i % store_every == 0 or i == count - 1)
        props = dict(first.properties, correlation_id=tid)
        yield tid, headers, props, json.dumps((args, {}, embed))


def amqp_message(headers, props, body):
    return amqp.Message(body, content_type='application/json', content_encoding='utf-8', delivery_mode=2,
                        priority=0, application_headers=headers, **props)


def kombu_envelope(queue, headers, props, body):
    """The message as a Celery producer stores it in a Redis list (kombu's virtual transport envelope)."""
    return json.dumps({'body': base64.b64encode(body.encode()).decode(), 'content-encoding': 'utf-8',
                       'content-type': 'application/json', 'headers': headers,
                       'properties': dict(props, delivery_mode=2, delivery_info={'exchange': '', 'routing_key': queue},
                                          priority=0, body_encoding='base64', delivery_tag=str(uuid.uuid4()))})


def publish(queue, name, args_of, count, db, broker='amqp', store_every=None):
    """Publishes count tasks to queue as fast as py-amqp (or a redis-py pipeline) sends them."""
    if broker == 'redis':
        r = redis_broker()
        pipe = r.pipeline(transaction=False)
        for n, (_, headers, props, body) in enumerate(messages(name, args_of, count, db, store_every), 1):
            pipe.lpush(queue, kombu_envelope(queue, headers, props, body))
            if n % 500 == 0:
                pipe.execute()
        pipe.execute()
        return
    conn, ch = channel()
    try:
        for _, headers, props, body in messages(name, args_of, count, db, store_every):
            ch.basic_publish(amqp_message(headers, props, body), exchange=queue, routing_key=queue)
    finally:
        conn.close()


def fill(queue, name, args_of, count, db, broker='amqp', store_every=None):
    """Fills a queue no worker consumes yet, from one producer process per core (only the wall time differs).
    Returns how many results the messages ask to store."""
    parts = [count // CORES + (1 if i < count % CORES else 0) for i in range(CORES)]
    producers = [multiprocessing.Process(target=publish, args=(queue, name, args_of, n, db, broker, store_every))
                 for n in parts]
    for p in producers:
        p.start()
    for p in producers:
        p.join()
        if p.exitcode != 0:
            raise SystemExit('a producer filling %s failed' % queue)
    if not store_every:
        return count
    return sum(len([i for i in range(n) if i % store_every == 0 or i == n - 1]) for n in parts if n)


def message_size(name, args):
    """The size of one message on the wire (body plus headers as JSON text), for PerfTest's comparison."""
    _, headers, _, body = next(messages(name, lambda i: args, 1, 0))
    return len(body) + len(json.dumps(headers, default=str))


def wait_results(r, count, timeout, on_first=None):
    """Polls the result database until count results exist; returns (first, last) times. on_first is called when
    the first result appears."""
    first = None
    deadline = time.time() + timeout
    while time.time() < deadline:
        n = r.dbsize()
        now = time.time()
        if n and first is None:
            first = now
            if on_first:
                on_first()
        if n >= count:
            return first, now
        time.sleep(0.01)
    raise SystemExit('only %d of %d results after %d s' % (r.dbsize(), count, timeout))


def queue_name(prefix, kind, db, broker):
    return '%s_%s%s_%d' % (prefix, 'redis_' if broker == 'redis' else '', kind, db)


def cpu_seconds(pid):
    """utime + stime of a process and its children, in seconds (/proc/<pid>/stat)."""
    total = 0
    for p in family(pid):
        try:
            with open('/proc/%d/stat' % p) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf('SC_CLK_TCK')


def listener_pid(port):
    """The pid of the process listening on a loopback TCP port (RabbitMQ's beam.smp, redis-server), or None."""
    out = subprocess.run(['ss', '-Hltnp', 'sport = :%d' % port], capture_output=True, text=True).stdout
    match = re.search(r'pid=(\d+)', out)
    return int(match.group(1)) if match else None


def server_pids(broker):
    """The servers a task touches: the broker, and the result Redis when it is another process."""
    redis_port = int(re.search(r':(\d+)', REDIS.split('//', 1)[1]).group(1))
    pids = {'redis': listener_pid(redis_port)}
    if broker == 'amqp':
        pids['rabbitmq'] = listener_pid(int(re.search(r':(\d+)/', BROKER.split('@', 1)[-1] + '/').group(1)))
    return {k: v for k, v in pids.items() if v}


def prefilled(kind, concurrency, count, db, name='tasks.add', args_of=lambda i: (i, i), timeout=600, broker='amqp',
              store_every=None):
    """(a), (a') and (d): fill the queue, then start the worker; tasks per second from the first to the last result,
    and the CPU the worker and the servers used per task in between."""
    queue = queue_name('bench', kind, db, broker)
    r = redis.Redis.from_url(redis_url(db))
    r.flushdb()
    declare(queue, broker)
    stored = fill(queue, name, args_of, count, db, broker, store_every)
    started = time.time()
    worker = start_worker(kind, queue, db, concurrency, broker=broker)
    servers = server_pids(broker)
    cpu = {}

    def sample():
        return dict({'worker': cpu_seconds(worker.pid)}, **{k: cpu_seconds(v) for k, v in servers.items()})
    try:
        first, last = wait_results(r, stored, timeout, on_first=lambda: cpu.update(sample()))
        after = sample()
        peak = rss_kb(worker.pid)
    finally:
        stop(worker)
    r.flushdb()
    figures = {'rate': count / max(last - first, 1e-9), 'startup': first - started, 'rss_mb': peak / 1024}
    for k, v in after.items():
        figures['cpu_us_' + k] = (v - cpu.get(k, 0)) / count * 1e6
    return figures


def cold_start(kind, db, broker='amqp'):
    """Process start to the first result: one tasks.add waiting in the queue, then the worker starts (Lovage as
    bin/lovage, whose class cache bin/bench has built; Python as python -m celery worker), with -c 1 and the
    --without flags."""
    queue = queue_name('bench_cold', kind, db, broker)
    r = redis.Redis.from_url(redis_url(db))
    r.flushdb()
    declare(queue, broker)
    fill(queue, 'tasks.add', lambda_add, 1, db, broker)
    started = time.time()
    worker = start_worker(kind, queue, db, 1, broker=broker, script=True)
    try:
        first, _ = wait_results(r, 1, 120)
    finally:
        stop(worker)
    r.flushdb()
    return {'seconds': first - started}


def streaming(kind, concurrency, count, db, timeout=600, broker='amqp'):
    """(b): the worker is consuming; a producer process publishes count tasks at full speed. Tasks per second
    from the first message published to the last result stored."""
    queue = queue_name('bench_stream', kind, db, broker)
    r = redis.Redis.from_url(redis_url(db))
    r.flushdb()
    declare(queue, broker)
    worker = start_worker(kind, queue, db, concurrency, broker=broker)
    try:
        wait_consumer(queue, worker, broker=broker)
        start = time.time()
        producer = multiprocessing.Process(target=publish, args=(queue, 'tasks.add', lambda_add, count, db, broker))
        producer.start()
        producer.join()
        published = time.time()
        _, last = wait_results(r, count, timeout)
        peak = rss_kb(worker.pid)
    finally:
        stop(worker)
    r.flushdb()
    return {'rate': count / (last - start), 'producer_rate': count / (published - start), 'rss_mb': peak / 1024}


def lambda_add(i):
    return (i, i)


def dispatch_chords(queue, db, size, count, broker='amqp'):
    """Sends count chords with Celery's chord().apply_async(); returns their callbacks' ids."""
    app = app_for(db, broker)
    app.conf.task_routes = {'*': {'queue': queue}}
    return [chord([app.signature('tasks.add', args=(i, i)) for i in range(size)],
                  app.signature('tasks.xsum')).apply_async().id for _ in range(count)]


def chords(kind, concurrency, count, size, db, cleanup, broker='amqp'):
    """(c): count chords of size header tasks, dispatched by Celery's own chord().apply_async() before the worker
    starts (so the Python client's speed does not count); seconds from the worker's first stored result to the last
    callback's result."""
    queue = queue_name('bench_chord', kind, db, broker)
    r = redis.Redis.from_url(redis_url(db))
    r.flushdb()
    declare(queue, broker)
    with multiprocessing.Pool(CORES) as pool:
        callbacks = [c for part in pool.starmap(dispatch_chords, [(queue, db, size, count // CORES + (
            1 if i < count % CORES else 0), broker) for i in range(CORES)]) for c in part]
    keys = ['celery-task-meta-' + c for c in callbacks]
    env = {'CELERY_RESULT_CHORD_CLEANUP': 'true' if cleanup else 'false', 'CELERY_TASK_DEFAULT_QUEUE': queue}
    worker = start_worker(kind, queue, db, concurrency, env, broker)
    try:
        first = None
        deadline = time.time() + 600
        while True:
            now = time.time()
            if first is None and r.dbsize() > 0:
                first = now
            if r.exists(*keys) == count:
                break
            if now > deadline:
                raise SystemExit('only %d of %d chord callbacks after 600 s' % (r.exists(*keys), count))
            time.sleep(0.01)
        elapsed = now - first
        time.sleep(2)
        left = len(r.keys('celery-task-meta-*')) - count
    finally:
        stop(worker)
    r.flushdb()
    return {'seconds': elapsed, 'header_results_left': left}


def latency(kind, concurrency, seconds, rate, db, warmup, broker='amqp'):
    """(e): publish at a steady rate; publish-to-result latency from the stored date_done (same host clock). The
    first warmup seconds of tasks run but are not counted, for either worker: the figure is the steady state."""
    queue = queue_name('bench_lat', kind, db, broker)
    r = redis.Redis.from_url(redis_url(db))
    r.flushdb()
    declare(queue, broker)
    worker = start_worker(kind, queue, db, concurrency, broker=broker)
    sent = {}
    skipped = int(warmup * rate)
    try:
        wait_consumer(queue, worker, broker=broker)
        if broker == 'redis':
            rb = redis_broker()
            send = lambda headers, props, body: rb.lpush(queue, kombu_envelope(queue, headers, props, body))
            close = rb.close
        else:
            conn, ch = channel()
            send = lambda headers, props, body: ch.basic_publish(amqp_message(headers, props, body), exchange=queue,
                                                                 routing_key=queue)
            close = conn.close
        try:
            start = time.time()
            for i, (tid, headers, props, body) in enumerate(messages('tasks.add', lambda_add,
                                                                     int((warmup + seconds) * rate), db)):
                delay = start + i / rate - time.time()
                if delay > 0:
                    time.sleep(delay)
                at = time.time()
                send(headers, props, body)
                if i >= skipped:
                    sent[tid] = at
        finally:
            close()
        wait_results(r, len(sent) + skipped, 120)
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


def perftest_classpath():
    out = os.path.join(ROOT, '.lovage', 'perftest.classpath')
    if not os.path.exists(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.run([os.path.join(ROOT, 'mvnw'), '-q', '-B', '-f', os.path.join(ROOT, 'bench', 'perftest',
                                                                                    'pom.xml'),
                        'dependency:build-classpath', '-Dmdep.outputFile=' + out], check=True, cwd=ROOT)
    with open(out) as f:
        return f.read().strip()


def perftest(count, prefetch, multi_ack=0):
    """The broker's ceiling: RabbitMQ PerfTest consuming the same prefilled Celery messages, one ack each, or with
    multi_ack, one multiple ack every multi_ack messages (as Lovage acks a burst)."""
    queue = 'bench_perftest'
    declare(queue)
    fill(queue, 'tasks.add', lambda_add, count, 0)
    # Java's AMQP URIs spell kombu's '//' (the default virtual host) as '/%2F'.
    uri = BROKER[:-2] + '/%2F' if BROKER.endswith('//') else BROKER
    out = subprocess.run([JAVA, '-cp', perftest_classpath(), 'com.rabbitmq.perf.PerfTest', '-h', uri,
                          '-x', '0', '-y', '1', '-u', queue, '-p', '-D', str(count), '-q', str(prefetch)]
                         + (['--multi-ack-every', str(multi_ack)] if multi_ack else []),
                         capture_output=True, text=True, timeout=600)
    match = re.search(r'receiving rate avg: (\d+)', out.stdout)
    if not match:
        raise SystemExit('PerfTest printed no receiving rate:\n' + out.stdout[-2000:] + out.stderr[-2000:])
    return {'rate': float(match.group(1))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--tasks', type=int, default=50000)
    parser.add_argument('--python-tasks', type=int, default=6000,
                        help='tasks for the Python workers in (a) and (b): their rate does not change with the count')
    parser.add_argument('--io-tasks', type=int, default=10000)
    parser.add_argument('--python-io-tasks', type=int, default=1000)
    parser.add_argument('--latency-seconds', type=int, default=10)
    parser.add_argument('--latency-warmup', type=int, default=2, help='seconds of (e) not counted, for both workers')
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--chords', type=int, default=200)
    parser.add_argument('--chord-size', type=int, default=100)
    parser.add_argument('--python-chord-runs', type=int, default=1,
                        help='runs of (c) for Python prefork, a reference only (about a minute each)')
    parser.add_argument('--only', default='p,a,i,b,d,c,e,s',
                        help="scenarios to run, of p,a,i (a': results not stored),b,c,d,e,s (cold start)")
    parser.add_argument('--brokers', default='amqp,redis',
                        help='brokers to run the scenarios on, of amqp (RabbitMQ) and redis (Redis as the broker)')
    parser.add_argument('--json', help='also write the figures to this file')
    args = parser.parse_args()
    only = set(args.only.split(','))
    began = time.time()
    rows = []
    figures = {}
    nan = float('nan')

    def median_of(key, fn, runs_wanted=None):
        runs = [fn() for _ in range(args.runs if runs_wanted is None else max(1, runs_wanted))]
        figures[key] = runs
        print('  %s: %s' % (key, runs), file=sys.stderr, flush=True)
        return {k: statistics.median(run[k] for run in runs) for k in runs[0]}

    lovage_c = LOVAGE_CONCURRENCY
    if 'p' in only and 'amqp' in args.brokers.split(','):
        p = median_of('perftest', lambda: perftest(args.tasks, 4 * lovage_c))
        pm = median_of('perftest_multi_ack', lambda: perftest(args.tasks, 4 * lovage_c, 2 * lovage_c))
        rows.append(('PerfTest consume ceiling, same %d-byte messages, one ack each, msg/s'
                     % message_size('tasks.add', (1, 1)), nan, nan, p['rate'], None))
        rows.append(('PerfTest consume ceiling, multiple ack every %d (as Lovage acks a burst), msg/s'
                     % (2 * lovage_c), nan, nan, pm['rate'], None))
    for broker in args.brokers.split(','):
        # Each broker's rows: the same scenarios, Python and Lovage on that broker, in this run.
        tag = '' if broker == 'amqp' else 'redis_'
        label_of = '' if broker == 'amqp' else '[Redis broker] '
        if 'a' in only:
            a_py = median_of(tag + 'a_prefork',
                             lambda: prefilled('prefork', CORES, args.python_tasks, 3, broker=broker))
            a_th = median_of(tag + 'a_threads', lambda: prefilled('threads', 8, args.python_tasks, 3, broker=broker))
            a_lv = median_of(tag + 'a_lovage', lambda: prefilled('lovage', lovage_c, args.tasks, 3, broker=broker))
            rows.append((label_of + '(a) prefilled tasks.add (Lovage %d, Python %d), tasks/s'
                         % (args.tasks, args.python_tasks), a_py['rate'], a_th['rate'], a_lv['rate'], MORE))
            if 'p' in only and broker == 'amqp':
                rows.append(('(a) Lovage as a share of PerfTest (multiple ack)', nan, nan,
                             a_lv['rate'] / pm['rate'], None))
            for server in ('worker', 'rabbitmq', 'redis'):
                if 'cpu_us_' + server in a_lv:
                    rows.append((label_of + '(a) CPU per task of the %s, us' % server, a_py['cpu_us_' + server],
                                 a_th['cpu_us_' + server], a_lv['cpu_us_' + server], LESS))
            rows.append((label_of + '(f) peak RSS during (a), MB', a_py['rss_mb'], a_th['rss_mb'], a_lv['rss_mb'],
                         LESS))
        if 'i' in only:
            i_py = median_of(tag + 'i_prefork', lambda: prefilled('prefork', CORES, args.python_tasks, 3,
                                                                  broker=broker, store_every=1000))
            i_lv = median_of(tag + 'i_lovage', lambda: prefilled('lovage', lovage_c, args.tasks, 3, broker=broker,
                                                                 store_every=1000))
            rows.append((label_of + "(a') prefilled tasks.add, results not stored (ignore_result), tasks/s",
                         i_py['rate'],
                         nan, i_lv['rate'], MORE))
            if 'p' in only and broker == 'amqp':
                rows.append(("(a') Lovage as a share of PerfTest (multiple ack)", nan, nan,
                             i_lv['rate'] / pm['rate'], None))
            rows.append((label_of + "(a') CPU per task of the worker, us", i_py['cpu_us_worker'], nan,
                         i_lv['cpu_us_worker'], LESS))
        if 's' in only:
            s_py = median_of(tag + 's_prefork', lambda: cold_start('prefork', 8, broker))
            s_lv = median_of(tag + 's_lovage', lambda: cold_start('lovage', 8, broker))
            rows.append((label_of + 'cold start (-c 1, one task queued): process start to the first result, s',
                         s_py['seconds'], nan,
                         s_lv['seconds'], LESS))
        if 'b' in only:
            b_py = median_of(tag + 'b_prefork',
                             lambda: streaming('prefork', CORES, args.python_tasks, 6, broker=broker))
            b_th = median_of(tag + 'b_threads', lambda: streaming('threads', 8, args.python_tasks, 6, broker=broker))
            b_lv = median_of(tag + 'b_lovage', lambda: streaming('lovage', lovage_c, args.tasks, 6, broker=broker))
            rows.append((label_of + '(b) tasks.add while publishing (Lovage %d, Python %d), tasks/s'
                         % (args.tasks, args.python_tasks), b_py['rate'], b_th['rate'], b_lv['rate'], MORE))
            rows.append((label_of + '(b) the producer alongside, messages/s', b_py['producer_rate'],
                         b_th['producer_rate'], b_lv['producer_rate'], None))
        if 'd' in only:
            d_th = median_of(tag + 'd_threads', lambda: prefilled('threads', 8, args.python_io_tasks, 4,
                                                                  'tasks.sleep', lambda i: (0.05,), broker=broker))
            d_lv = median_of(tag + 'd_lovage', lambda: prefilled('lovage', 1000, args.io_tasks, 4, 'tasks.sleep',
                                                                 lambda i: (0.05,), broker=broker))
            rows.append((label_of + '(d) tasks.sleep(0.05), tasks/s (Python threads: 8, Lovage: -c 1000)', nan,
                         d_th['rate'], d_lv['rate'], MORE))
            rows.append((label_of + '(f) peak RSS during (d), MB', nan, d_th['rss_mb'], d_lv['rss_mb'], LESS))
        if 'c' in only:
            c_py = median_of(tag + 'c_prefork', lambda: chords('prefork', CORES, args.chords, args.chord_size, 7,
                                                               False, broker), args.python_chord_runs)
            c_off = median_of(tag + 'c_lovage_off', lambda: chords('lovage', lovage_c, args.chords, args.chord_size,
                                                                   7, False, broker))
            c_on = median_of(tag + 'c_lovage_on', lambda: chords('lovage', lovage_c, args.chords, args.chord_size, 7,
                                                                 True, broker))
            label = '(c) %d chords of %d, s from the first result to the last callback (Python: %d run)' % (
                args.chords, args.chord_size, args.python_chord_runs)
            rows.append((label_of + label + ', cleanup off', c_py['seconds'], nan, c_off['seconds'], LESS))
            rows.append((label_of + label + ', cleanup on', c_py['seconds'], nan, c_on['seconds'], LESS))
            rows.append((label_of + '(c) cleanup on / cleanup off', nan, nan, c_on['seconds'] / c_off['seconds'],
                         None))
            rows.append((label_of + '(c) header results left 2 s later (Lovage: cleanup off / on)',
                         c_py['header_results_left'], c_off['header_results_left'], c_on['header_results_left'],
                         None))
        if 'e' in only:
            e_py = median_of(tag + 'e_prefork', lambda: latency('prefork', CORES, args.latency_seconds, 1000, 5,
                                                                args.latency_warmup, broker))
            e_lv = median_of(tag + 'e_lovage', lambda: latency('lovage', lovage_c, args.latency_seconds, 1000, 5,
                                                               args.latency_warmup, broker))
            rows.append((label_of + '(e) latency at 1000/s, p50 ms', e_py['p50_ms'], nan, e_lv['p50_ms'], LESS))
            rows.append((label_of + '(e) latency at 1000/s, p99 ms', e_py['p99_ms'], nan, e_lv['p99_ms'], LESS))

    print('| scenario (median of %d) | Python prefork (-c %d) | Python threads (-c 8) | Lovage (-c %d) '
          '| Lovage vs prefork | Lovage vs threads |' % (args.runs, CORES, lovage_c))
    print('|---|---|---|---|---|---|')
    for name, py, th, lv, better in rows:
        def ratio(x):
            # How many times better Lovage is (below 1: worse): a rate divided, a time or a size inverted.
            if better is None or x != x or not x or not lv:
                return 'n/a'
            return '%.1fx' % (lv / x if better == MORE else x / lv)

        def cell(x):
            return 'n/a' if x != x else ('%.2f' % x if abs(x) < 10 else '%.0f' % x)
        print('| %s | %s | %s | %s | %s | %s |' % (name, cell(py), cell(th), cell(lv), ratio(py), ratio(th)))
    print('\nwall time: %.0f s' % (time.time() - began))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'rows': rows, 'runs': figures}, f, indent=1, default=str)


if __name__ == '__main__':
    main()
    # Celery's AsyncResult finalizers talk to Redis while the interpreter shuts down; there is nothing left to do.
    sys.stdout.flush()
    os._exit(0)
