"""bin/faults: runs the fault suite and prints one line of figures.

    bin/faults [--ci] [--only kill9,restart,redis3,redis20,poison,corpus,fuzz,flood,etalimit,deep,cancel,password]
               [--fuzz-seconds 20] [--seed N]

Starts its own RabbitMQ node and Redis (LOVAGE_FAULTS_NODE, LOVAGE_FAULTS_AMQP_PORT, LOVAGE_FAULTS_DIST_PORT,
LOVAGE_FAULTS_REDIS_PORT; state under .lovage/faults), runs Lovage workers (cli/target/lovage.jar with
faults/target/lovage-faults.jar) against them, and stops everything it started. Exits 1 when a guarantee failed.
"""
import argparse
import os
import random
import shutil
import sys
import threading
import time

from . import hostile, reliability, special
from .context import Suite
from .nodes import RabbitNode, RedisNode
from .workers import ROOT

SCENARIOS = {
    'kill9': lambda s, a: reliability.kill9(s),
    'restart': lambda s, a: reliability.broker_restart(s),
    'redis3': lambda s, a: reliability.redis_outage(s, 3),
    'redis20': lambda s, a: reliability.redis_outage(s, 20),
    'poison': lambda s, a: hostile.poison(s),
    'corpus': lambda s, a: hostile.malformed(s),
    'fuzz': lambda s, a: hostile.fuzz(s, a.fuzz_seconds, a.seed),
    'flood': lambda s, a: hostile.unknown_flood(s),
    'etalimit': lambda s, a: hostile.eta_limit(s),
    'deep': lambda s, a: special.deep_headers(s),
    'cancel': lambda s, a: special.cancelled_consumer(s),
    'password': lambda s, a: special.odd_password(s),
}


# Scenarios of a group run side by side, each on a Redis database of its own; groups run one after the other. Those
# that stop the broker or Redis, and the fuzz (whose RSS is measured), are alone in theirs.
GROUPS = [['kill9'], ['restart'], ['redis3'], ['redis20'], ['poison', 'corpus'], ['fuzz'], ['flood'],
          ['etalimit', 'deep', 'cancel', 'password']]


def run_one(name, suite, args, verdicts, figures):
    t = time.time()
    try:
        figures.update(SCENARIOS[name](suite, args) or {})
    except Exception as e:  # a scenario that breaks is a failure, not the end of the suite
        suite.check(False, '%s: %s: %s' % (name, type(e).__name__, e))
        for w in suite.workers:
            print('[faults] log of %s:\n%s' % (w.name, w.log_tail()), flush=True)
    finally:
        suite.stop_workers()
    verdicts[name] = not suite.own_failures
    print('[faults] %s took %.0f s' % (name, time.time() - t), flush=True)


def main(argv):
    parser = argparse.ArgumentParser(prog='bin/faults', description=__doc__.split('\n\n')[0])
    parser.add_argument('--ci', action='store_true', help='as CI runs it (bin/test): no building, no installing')
    parser.add_argument('--only', default=','.join(SCENARIOS), help='comma-separated scenarios')
    parser.add_argument('--fuzz-seconds', type=int, default=int(os.environ.get('LOVAGE_FAULTS_FUZZ_SECONDS', 20)))
    parser.add_argument('--seed', type=int, default=int(os.environ.get('LOVAGE_FAULTS_SEED', random.randrange(1 << 30))))
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(',') if s.strip()]
    unknown = [s for s in chosen if s not in SCENARIOS]
    if unknown:
        parser.error('unknown scenarios %s; known: %s' % (unknown, ', '.join(SCENARIOS)))

    state = os.path.join(ROOT, '.lovage', 'faults')
    shutil.rmtree(state, ignore_errors=True)
    os.makedirs(state)
    rabbit = RabbitNode(state, os.environ.get('LOVAGE_FAULTS_NODE', 'lovage-faults@localhost'),
                        int(os.environ.get('LOVAGE_FAULTS_AMQP_PORT', 5682)),
                        int(os.environ.get('LOVAGE_FAULTS_DIST_PORT', 25682)))
    redis_node = RedisNode(state, int(os.environ.get('LOVAGE_FAULTS_REDIS_PORT', 6392)))
    started = time.time()
    suite = Suite(state, rabbit, redis_node, args.ci)
    figures = {}
    verdicts = {}
    try:
        print('[faults] starting RabbitMQ node %s on 127.0.0.1:%d and Redis on 127.0.0.1:%d (state in %s)'
              % (rabbit.name, rabbit.port, redis_node.port, state), flush=True)
        redis_node.start(fresh=True)
        rabbit.start(fresh=True)
        db = 0
        for group in GROUPS:
            threads = []
            for name in [n for n in group if n in chosen]:
                db += 1
                threads.append(threading.Thread(target=run_one, name=name,
                                                args=(name, suite.fork(db % 16), args, verdicts, figures)))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        rabbit.kill()
        redis_node.stop()
    summary(figures, suite, time.time() - started)
    passed = sum(1 for ok in verdicts.values() if ok)
    # The closing line CI reads: scenarios passed and failed.
    print('faults: %d passed, %d failed' % (passed, len(chosen) - passed), flush=True)
    return 1 if suite.failures or passed < len(chosen) else 0


def summary(f, suite, seconds):
    parts = []
    if 'kill9_late_lost' in f:
        parts.append('kill-9 lost late=%d early=%d' % (f['kill9_late_lost'], f['kill9_early_lost']))
    if 'restart_acks_late_lost' in f:
        parts.append('restart lost=%d dup=%d' % (f['restart_acks_late_lost'] + f['restart_early_lost'],
                                                 f['restart_acks_late_dup'] + f['restart_early_dup']))
    for s in (3, 20):
        if 'redis%d_acks_late_lost' % s in f:
            parts.append('redis-%ds lost late=%d early=%d' % (s, f['redis%d_acks_late_lost' % s],
                                                             f['redis%d_early_lost' % s]))
    if 'corpus_messages' in f:
        parts.append('malformed=%d/%d kinds' % (f['corpus_messages'], f['corpus_kinds']))
    if 'fuzz_messages' in f:
        parts.append('fuzz=%d RSS %.0f->%.0f MB' % (f['fuzz_messages'], f['rss_before'], f['rss_after']))
    if 'flood_rss_before' in f:
        parts.append('flood RSS %.0f->%.0f MB' % (f['flood_rss_before'], f['flood_rss_peak']))
    for failure in suite.failures:
        print('[faults] FAILED: %s' % failure)
    print('faults figures: %s | %d checks failed, %.0f s' % (', '.join(parts), len(suite.failures), seconds),
          flush=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
