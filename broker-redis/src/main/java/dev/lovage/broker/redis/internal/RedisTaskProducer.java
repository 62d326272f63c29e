package dev.lovage.broker.redis.internal;

import dev.lovage.backend.redis.RedisErrors;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.broker.TaskProducer;
import io.lettuce.core.RedisException;
import java.time.Duration;

/**
 * Publishing task messages on Redis. A publish that meets a lost connection is tried again for up to
 * {@link #RETRY_FOR} (Redis restarting, a failover), much as Celery retries a publish under its
 * {@code task_publish_retry_policy}; then it fails with a {@link BrokerException} naming the message.
 */
public final class RedisTaskProducer implements TaskProducer {
    static final Duration RETRY_FOR = Duration.ofSeconds(10);
    private static final Duration STEP = Duration.ofMillis(200);
    private final RedisSession session;

    public RedisTaskProducer(RedisSession session) {
        this.session = session;
    }

    @Override
    public void publish(OutgoingMessage m) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            try {
                session.producer().publish(m.exchange(), m.routingKey(), m.properties(), m.headers(), m.body(),
                        KombuProducer.PERSISTENT);
                return;
            } catch (RedisException e) {
                boolean connection = RedisErrors.isConnectionError(e);
                if (!connection || System.nanoTime() > deadline) {
                    throw new BrokerException("publishing to exchange '" + m.exchange() + "' with routing key '"
                            + m.routingKey() + "' on " + session.describe() + " failed: " + e.getMessage(), e,
                            connection);
                }
                pause();
            }
        }
    }

    @Override
    public void declareQueue(String queue) {
        try {
            session.producer().declareQueue(queue);
        } catch (RedisException e) {
            throw new BrokerException("declaring queue '" + queue + "' on " + session.describe() + " failed: "
                    + e.getMessage(), e, RedisErrors.isConnectionError(e));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(STEP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while waiting for Redis to publish", e, true);
        }
    }
}
