"""kill -9, a broker restart and Redis outages, each with an acks_late worker and an early-ack worker side by side
on queues of their own: what is lost, what runs twice."""
import re
import time

from .context import lost_and_duplicates, wait_done
from .workers import wait_until

LATE = {'task_acks_late': 'true'}
EARLY = {}


def _pair(suite, scenario):
    late = suite.worker(scenario + '-late', suite.queue(scenario + '_late'), LATE, start=False)
    early = suite.worker(scenario + '-early', suite.queue(scenario + '_early'), EARLY, start=False)
    return suite.workers_up(late, early)


def kill9(suite, tasks=400, ms=25):
    """Both workers are killed with SIGKILL a third of the way through, then started again."""
    suite.flush_results()
    late, early = _pair(suite, 'kill9')
    ids = {w: suite.producer.send(w.queue, tasks, ms=ms) for w in (late, early)}
    wait_until(lambda: min(len(w.runs()) for w in (late, early)) >= tasks // 3, 60)
    for w in (late, early):
        w.kill9()
    suite.workers_up(late, early)
    for w in (late, early):
        wait_done(suite.producer, ids[w], 90, queue=w.queue)
    lost_late, dup_late, _ = lost_and_duplicates(suite.producer, late, ids[late])
    lost_early, dup_early, _ = lost_and_duplicates(suite.producer, early, ids[early])
    suite.figure('kill -9', 'acks_late: lost %d/%d, ran twice %d (at-least-once) | early ack: lost %d/%d, ran twice %d'
                 % (lost_late, tasks, dup_late, lost_early, tasks, dup_early))
    suite.check(lost_late == 0, 'kill -9 with acks_late lost %d tasks' % lost_late)
    suite.stop_workers()
    return {'kill9_late_lost': lost_late, 'kill9_early_lost': lost_early}


def broker_restart(suite, queued=500, eta=150, ms=50):
    """The broker node is stopped and started while each worker holds countdown tasks and works through a queue."""
    suite.flush_results()
    late, early = _pair(suite, 'restart')
    ids = {}
    for w in (late, early):
        ids[w] = suite.producer.send(w.queue, eta, ms=0, countdown=15) + suite.producer.send(w.queue, queued, ms=ms)
    wait_until(lambda: min(len(w.runs()) for w in (late, early)) >= queued // 6, 60)
    before = {w: len(w.runs()) for w in (late, early)}
    suite.rabbit.restart()
    for w in (late, early):
        wait_until(lambda: w.health() == 'up', 60)
    for w in (late, early):
        wait_done(suite.producer, ids[w], 120)
    out = {}
    texts = []
    for label, w in (('acks_late', late), ('early ack', early)):
        lost, dup, _ = lost_and_duplicates(suite.producer, w, ids[w])
        log = w.log_text()
        released = sum(int(n) for n in re.findall(r'Released (\d+) tasks held for their eta', log))
        guarded = log.count('redelivered message gets the outcome of that run')
        texts.append('%s: lost %d/%d, ran twice %d (%d holds released, %d redeliveries given their first run\'s '
                     'outcome)' % (label, lost, len(ids[w]), dup, released, guarded))
        suite.check(lost == 0, 'broker restart (%s) lost %d tasks' % (label, lost))
        suite.check(dup == 0, 'broker restart (%s) ran %d tasks twice' % (label, dup))
        suite.check(w.alive() and w.health() == 'up', 'broker restart (%s): worker not consuming afterwards: %s'
                    % (label, w.health_document()))
        out['restart_%s_lost' % label.split()[0]] = lost
        out['restart_%s_dup' % label.split()[0]] = dup
    suite.figure('broker restart', '%d countdown + %d queued each, restarted after %s runs | %s'
                 % (eta, queued, '/'.join(str(n) for n in before.values()), ' | '.join(texts)))
    suite.stop_workers()
    return out


def redis_outage(suite, seconds, tasks=300, ms=25):
    """Redis is stopped for `seconds` while both workers store results, then started again (empty)."""
    suite.flush_results()
    late, early = _pair(suite, 'redis%ds' % seconds)
    ids = {w: suite.producer.send(w.queue, tasks, ms=ms) for w in (late, early)}
    wait_until(lambda: min(len(w.runs()) for w in (late, early)) >= tasks // 4, 60)
    # Saved on the way down, so what was stored before the outage is there after it.
    suite.redis_node.stop(save=True)
    time.sleep(seconds)
    suite.redis_node.start()
    back = time.time()
    stored = suite.producer.succeeded(ids[late] + ids[early])
    wait_until(lambda: suite.producer.succeeded(ids[late] + ids[early]) > stored, 30, interval=0.05)
    first_store = time.time() - back
    out = {}
    texts = ['first result stored %.1f s after Redis returned' % first_store]
    suite.check(first_store < 3, 'the first result after Redis returned took %.1f s (reconnects should come within '
                'a second)' % first_store)
    for label, w in (('acks_late', late), ('early ack', early)):
        wait_done(suite.producer, ids[w], 90, queue=w.queue, idle=25 if label == 'acks_late' else 6)
        lost, dup, _ = lost_and_duplicates(suite.producer, w, ids[w])
        texts.append('%s: lost %d/%d, ran twice %d' % (label, lost, tasks, dup))
        out['redis%d_%s_lost' % (seconds, label.split()[0])] = lost
        if label == 'acks_late':
            suite.check(lost == 0, 'Redis down %d s with acks_late lost %d results' % (seconds, lost))
        suite.check(w.alive(), 'Redis down %d s (%s): the worker died' % (seconds, label))
    suite.figure('redis down %ds' % seconds, ' | '.join(texts))
    suite.stop_workers()
    return out
