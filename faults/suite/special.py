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
    p.declare(dlq)  # with an exchange of its name, which is the dead-letter exchange
    p.declare(queue, {'x-queue-type': 'quorum', 'x-delivery-limit': limit, 'x-dead-letter-exchange': dlq,
                      'x-dead-letter-routing-key': dlq})
    w = suite.worker('deep', queue, {'task_default_queue_type': 'quorum'}, concurrency=2)
    p.publish_raw(queue, [(headers_for('faults.noop', stamps=_deep_table(40)), body(), {})])
    good = [headers_for('faults.record') for _ in range(20)]
    p.publish_raw(queue, [(h, body([0]), {}) for h in good])
    ids = [h['id'] for h in good]
    dead = wait_until(lambda: p.ready(dlq) >= 1, 60, interval=1)
    wait_done(p, ids, 60, queue=queue)
    done = p.succeeded(ids)
    in_dlq = p.ready(dlq)
    suite.figure('deep headers', 'header tables 40 deep (the Java client stops at 32): dead-lettered after %d '
                 'redeliveries by x-delivery-limit: %s (%d in the dead-letter queue); good tasks: %d/%d; worker %s'
                 % (limit, 'yes' if dead else 'NO', in_dlq, done, len(ids), w.health()))
    suite.check(dead, 'the message with 40-deep header tables was not dead-lettered: %s'
                % (suite.rabbit.queue(queue),))
    suite.check(done == len(ids), 'with a 40-deep header message only %d of %d good tasks ran' % (done, len(ids)))
    suite.check(in_dlq == 1, '%d messages went to the dead-letter queue, not just the unreadable one' % in_dlq)
    suite.check(w.alive() and wait_until(lambda: w.health() == 'up', 30), 'the worker is not consuming: %s'
                % w.health_document())
    suite.stop_workers()
    return {}


def cancelled_consumer(suite):
    """The broker cancels the worker's consumer (its queue is deleted): the worker declares the queue again and
    consumes it, as Celery restarts its consumer."""
    suite.flush_results()
    queue = suite.queue('cancel')
    w = suite.worker('cancel', queue, concurrency=2)
    conn, ch = suite.producer.channel()
    try:
        ch.queue_delete(queue)
    finally:
        conn.close()
    down = wait_until(lambda: w.health() == 'down', 10, interval=0.1)
    back = wait_until(lambda: w.health() == 'up', 30)
    ids = suite.producer.send(queue, 20)
    wait_done(suite.producer, ids, 30, queue=queue)
    done = suite.producer.succeeded(ids)
    suite.figure('cancelled', 'queue deleted under the consumer: health down %s, consuming again %s; tasks after: '
                 '%d/%d' % ('seen' if down else 'not seen', 'yes' if back else 'NO', done, len(ids)))
    suite.check(back, 'the worker did not consume again after its consumer was cancelled: %s' % w.health_document())
    suite.check(done == len(ids), 'after the consumer was re-created only %d of %d tasks ran' % (done, len(ids)))
    suite.stop_workers()
    return {}


def odd_password(suite):
    """A password with '@' and ':' (kombu reads them) works and is never printed; one with a raw '/' or ';' (which
    kombu cannot read in a broker URL) stops the worker at start, and is not printed either."""
    suite.flush_results()
    password = 'p@ss:w0rd'
    suite.rabbit.ctl('add_user', 'lovage-odd', password)
    suite.rabbit.ctl('set_permissions', '-p', '/', 'lovage-odd', '.*', '.*', '.*')
    queue = suite.queue('password')
    w = Worker(suite.dir, 'password', queue, 'amqp://lovage-odd:%s@127.0.0.1:%d//' % (password, suite.rabbit.port),
               suite.backend)
    suite.workers.append(w)
    w.start()
    ids = suite.producer.send(queue, 20)
    wait_done(suite.producer, ids, 60)
    done = suite.producer.succeeded(ids)
    w.stop()
    leaked = [s for s in (password, 'p@ss', 'ss:w0', 'w0rd') if s in w.log_text()]
    refused = []
    for name, bad in (('slash', 'pa/ss:w0rd'), ('semicolon', 'pa;ss:w0rd')):
        b = Worker(suite.dir, 'password-' + name, queue, 'amqp://lovage-odd:%s@127.0.0.1:%d//'
                   % (bad, suite.rabbit.port), suite.backend)
        b.start(wait=False)
        exited = wait_until(lambda: b.proc.poll() is not None, 60)
        code = b.proc.returncode if exited else None
        b.stop()
        printed = [s for s in (bad, 'ss:w0', 'w0rd', 'pa/', 'pa;') if s in b.log_text()]
        refused.append((name, code, printed))
    suite.figure('password', "'p@ss:w0rd' in the URL: connected, %d/%d tasks, printed: %s; raw '/' and ';': %s"
                 % (done, len(ids), leaked or 'never', ', '.join('%s exit %s printed %s' % (n, c, p or 'never')
                                                                  for n, c, p in refused)))
    suite.check(done == len(ids), 'with an odd password only %d of %d tasks ran' % (done, len(ids)))
    suite.check(not leaked, 'the password was printed: %s' % leaked)
    for name, code, printed in refused:
        suite.check(code == 2 and not printed, "a password with a raw %s gave exit %s (printed: %s)"
                    % (name, code, printed))
    return {}
