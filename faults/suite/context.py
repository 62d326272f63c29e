"""What every scenario shares: the nodes, the producer, where files go, and the verdicts so far."""
import os
import time
import uuid

from .producer import Producer
from .workers import Worker


class Suite:
    """One scenario's view: its own workers and Redis database (so scenarios can run side by side), the shared
    nodes and verdicts."""

    def __init__(self, state_dir, rabbit, redis_node, ci, db=0, failures=None, figures=None):
        self.dir = state_dir
        self.rabbit = rabbit
        self.redis_node = redis_node
        self.db = db
        self.backend = 'redis://127.0.0.1:%d/%d' % (redis_node.port, db)
        self.producer = Producer(rabbit.url, rabbit.port, self.backend)
        self.ci = ci
        self.figures = [] if figures is None else figures    # (scenario, text) in order
        self.failures = [] if failures is None else failures  # sentences
        self.workers = []
        self.own_failures = []

    def fork(self, db):
        """A view for one more scenario, on Redis database db."""
        return Suite(self.dir, self.rabbit, self.redis_node, self.ci, db, self.failures, self.figures)

    def queue(self, prefix):
        return 'faults_%s_%s' % (prefix, uuid.uuid4().hex[:6])

    def worker(self, name, queue, settings=None, concurrency=4, start=True):
        w = Worker(self.dir, name, queue, self.rabbit.url, self.backend, settings, concurrency)
        self.workers.append(w)
        return w.start() if start else w

    def workers_up(self, *workers):
        """Starts the workers side by side and waits until each is ready."""
        for w in workers:
            w.start(wait=False)
        for w in workers:
            w.wait_ready()
        return workers

    def stop_workers(self):
        for w in self.workers:
            w.stop()
        self.workers = []

    def flush_results(self):
        self.producer.redis().flushdb()

    def figure(self, scenario, text):
        self.figures.append((scenario, text))
        print('[faults] %-16s %s' % (scenario, text), flush=True)

    def check(self, ok, sentence):
        if not ok:
            self.failures.append(sentence)
            self.own_failures.append(sentence)
            print('[faults] FAILED: %s' % sentence, flush=True)
        return ok


def lost_and_duplicates(producer, worker, ids):
    """(lost, duplicates, runs): ids with no SUCCESS result; ids run more than once; runs in all."""
    states = producer.states(ids)
    runs = worker.runs()
    lost = sum(1 for tid in ids if states.get(tid) != 'SUCCESS')
    duplicates = sum(1 for tid in ids if runs.get(tid, 0) > 1)
    return lost, duplicates, sum(runs.get(tid, 0) for tid in ids)


def wait_done(producer, ids, timeout, queue=None, idle=6):
    """Waits until every id has a SUCCESS result, or timeout, or (given the queue) until nothing is ready in it and
    no result came for `idle` seconds (what is missing then is lost); returns the seconds it took."""
    start = time.time()
    deadline = start + timeout
    last, last_change = -1, start
    while time.time() < deadline:
        done = producer.succeeded(ids)
        if done == len(ids):
            break
        if done != last:
            last, last_change = done, time.time()
        elif queue is not None and time.time() - last_change > idle and producer.ready(queue) == 0:
            break
        time.sleep(0.5)
    return time.time() - start


def env_int(name, default):
    return int(os.environ.get(name, default))
