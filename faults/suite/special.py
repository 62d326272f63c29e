"""What the RabbitMQ client refuses before Lovage sees it (header tables nested deeper than 32), and passwords
with the characters kombu accepts."""

from .context import wait_done
from .producer import body, headers_for
from .workers import Worker, wait_until


def _deep_table(n):
    v = {'leaf': 1}
    for _ in range(n):
        v = {'k': v}
    return v


def deep_headers(suite, limit=3):
    """A quorum queue with x-delivery-limit dead-letters the message the client cannot read; the rest is served."""
    suite.flush_results()
    queue = suite.queue('deep')
    dlq = queue + '_dead'
    p = suite.producer
    p.declare(dlq)
    p.declare(queue, {'x-queue-type': 'quorum', 'x-delivery-limit': limit, 'x-dead-letter-exchange': '',
                      'x-dead-letter-routing-key': dlq})
    w = suite.worker('deep', queue, {'task_default_queue_type': 'quorum'}, concurrency=2)
    p.publish_raw(queue, [(headers_for('faults.noop', stamps=_deep_table(40)), body(), {})])
    good = [headers_for('faults.record') for _ in range(20)]
    p.publish_raw(queue, [(h, body([0]), {}) for h in good])
    ids = [h['id'] for h in good]
    dead = wait_until(lambda: (suite.rabbit.queue(dlq) or (0,))[0] == 1, 90, interval=1)
    wait_done(p, ids, 60)
    done = p.succeeded(ids)
    suite.figure('deep headers', 'header tables 40 deep (the Java client stops at 32): dead-lettered after %d '
                 'redeliveries by x-delivery-limit: %s; good tasks: %d/%d; worker %s'
                 % (limit, 'yes' if dead else 'NO', done, len(ids), w.health()))
    suite.check(dead, 'the message with 40-deep header tables was not dead-lettered: %s'
                % (suite.rabbit.queue(queue),))
    suite.check(done == len(ids), 'with a 40-deep header message only %d of %d good tasks ran' % (done, len(ids)))
    suite.check(w.alive() and wait_until(lambda: w.health() == 'up', 30), 'the worker is not consuming: %s'
                % w.health_document())
    suite.stop_workers()
    return {}


def odd_password(suite):
    """A password with '@', ':' and ';' (kombu reads them) works and is never printed; a raw '/' is refused."""
    suite.flush_results()
    password = 'p@ss:w;rd'
    suite.rabbit.ctl('add_user', 'lovage-odd', password)
    suite.rabbit.ctl('set_permissions', '-p', '/', 'lovage-odd', '.*', '.*', '.*')
    url = 'amqp://lovage-odd:%s@127.0.0.1:%d//' % (password, suite.rabbit.port)
    queue = suite.queue('password')
    w = Worker(suite.dir, 'password', queue, url, suite.redis_node.url)
    suite.workers.append(w)
    w.start()
    ids = suite.producer.send(queue, 20)
    wait_done(suite.producer, ids, 60)
    done = suite.producer.succeeded(ids)
    w.stop()
    log = w.log_text()
    leaked = [s for s in (password, 'p@ss', 'ss:w', 'w;rd') if s in log]
    bad = Worker(suite.dir, 'password-slash', queue, 'amqp://lovage-odd:pa/ss@127.0.0.1:%d//' % suite.rabbit.port,
                 suite.redis_node.url)
    bad.start(wait=False)
    exited = wait_until(lambda: bad.proc.poll() is not None, 60)
    code = bad.proc.returncode if exited else None
    bad.stop()
    bad_leaked = 'pa/ss' in bad.log_text()
    suite.figure('password', "'p@ss:w;rd' in the URL: connected, %d/%d tasks, printed: %s; a raw '/': exit %s, "
                 'printed: %s' % (done, len(ids), leaked or 'never', code, 'yes' if bad_leaked else 'never'))
    suite.check(done == len(ids), 'with an odd password only %d of %d tasks ran' % (done, len(ids)))
    suite.check(not leaked, 'the password was printed: %s' % leaked)
    suite.check(code == 2 and not bad_leaked, "a password with a raw '/' gave exit %s (printed: %s)"
                % (code, bad_leaked))
    return {}
