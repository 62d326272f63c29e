package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.DeliverySink;
import dev.lovage.worker.broker.TaskConsumer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's task consumption on Redis: {@link KombuConsumer} behind the seam. A delivery's tag is this
 * consumer's number for the message; its epoch is always 0, because on Redis a held message stays valid across
 * reconnects (acks go by delivery tag, not by connection) until another worker restores it.
 */
public final class RedisTaskConsumer implements TaskConsumer {
    private static final Logger log = LoggerFactory.getLogger(RedisTaskConsumer.class);
    private final RedisSession session;
    private volatile @Nullable KombuConsumer core;

    public RedisTaskConsumer(RedisSession session) {
        this.session = session;
    }

    @Override
    public synchronized void start(List<String> queues, int prefetchCount, DeliverySink sink) {
        if (core != null) {
            throw new IllegalStateException("the consumer was started already");
        }
        KombuConsumer c = new KombuConsumer(session.link(), session.housekeeper());
        core = c;
        c.start(queues, prefetchCount, held -> deliver(c, held, sink));
    }

    private static void deliver(KombuConsumer c, Held h, DeliverySink sink) {
        Envelope e = h.envelope();
        Delivery d;
        try {
            d = new Delivery(h.tag(), 0, h.queue(), e.exchange(), e.routingKey(), e.redelivered(),
                    e.messageProperties(), e.headers(), e.body());
        } catch (ProtocolException ex) {
            log.error("Dropped message {} from queue '{}': {}", h.deliveryTag(), h.queue(), ex.getMessage());
            c.ack(h.tag());
            return;
        }
        try {
            sink.accept(d);
        } catch (RuntimeException ex) {
            log.error("Rejected {}: the worker could not take it: {}", d.describe(), ex.toString());
            c.reject(h.tag(), false);
        }
    }

    private KombuConsumer core() {
        KombuConsumer c = core;
        if (c == null) {
            throw new IllegalStateException("the consumer has not been started");
        }
        return c;
    }

    @Override
    public void ack(Delivery delivery) {
        core().ack(delivery.tag());
    }

    @Override
    public void reject(Delivery delivery, boolean requeue) {
        core().reject(delivery.tag(), requeue);
    }

    @Override
    public void adjustPrefetch(int delta) {
        KombuConsumer c = core;
        if (c != null) {
            c.adjustPrefetch(delta);
        }
    }

    @Override
    public void addQueue(String queue) {
        core().addQueue(queue);
    }

    @Override
    public boolean cancelQueue(String queue) {
        KombuConsumer c = core;
        return c != null && c.cancelQueue(queue);
    }

    @Override
    public List<String> queues() {
        KombuConsumer c = core;
        return c == null ? List.of() : c.queues();
    }

    @Override
    public boolean isLive(Delivery delivery) {
        KombuConsumer c = core;
        return c != null && c.isLive(delivery.tag());
    }

    @Override
    public boolean isConsuming() {
        KombuConsumer c = core;
        return c != null && c.isConsuming() && session.isOpen();
    }

    @Override
    public void stop() {
        KombuConsumer c = core;
        if (c != null) {
            c.stop();
        }
    }

    /** Stops and puts every message still held back on its queue. */
    public void close() {
        KombuConsumer c = core;
        if (c != null) {
            c.close();
        }
    }
}
