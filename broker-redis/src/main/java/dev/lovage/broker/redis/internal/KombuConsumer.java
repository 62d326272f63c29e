package dev.lovage.broker.redis.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task consumer on kombu's Redis layout: declares its queues as a Celery worker does, pops and records messages
 * ({@link Poller}), acks and requeues them ({@link Settler}), renews the leases of what it holds ({@link Lease}),
 * restores what others abandoned ({@link Restorer#scan}) and, when it closes, puts every message it still holds
 * back at the head of its queue. Thread-safe.
 */
public final class KombuConsumer {
    private static final Logger log = LoggerFactory.getLogger(KombuConsumer.class);
    private static final Duration ACK_FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private final RedisLink link;
    private final Housekeeper housekeeper;
    private final HeldMessages held = new HeldMessages();
    private final Prefetch prefetch = new Prefetch();
    private final QueueCycle cycle;
    private final Restorer restorer;
    private final Settler settler;
    private final Lease lease;
    private final AtomicLong tags = new AtomicLong();
    private final List<Future<?>> chores = new ArrayList<>();
    private volatile Poller poller;
    private volatile boolean closed;

    public KombuConsumer(RedisLink link, Housekeeper housekeeper) {
        this.link = link;
        this.housekeeper = housekeeper;
        this.cycle = new QueueCycle(link.options().queueOrderStrategy());
        this.restorer = new Restorer(link);
        this.settler = new Settler(link, held, prefetch, restorer);
        this.lease = new Lease(link, held);
    }

    /**
     * Declares {@code queues}, sets the prefetch window and starts consuming; {@code sink} gets each message on the
     * consuming thread and must not block.
     */
    public synchronized void start(List<String> queues, int prefetchCount, Consumer<Held> sink) {
        if (poller != null) {
            throw new IllegalStateException("already consuming");
        }
        queues.forEach(this::declare);
        prefetch.base(prefetchCount);
        settler.start();
        chores.add(housekeeper.every(link.options().leaseRenewalInterval(), "Renewing held messages", lease::renew));
        chores.add(housekeeper.every(link.options().restoreInterval(), "Restoring unacknowledged messages",
                () -> restorer.scan(held::deliveryTags)));
        link.onReconnected(() -> {
            prefetch.ring();
            housekeeper.soon("Renewing held messages after a reconnect", lease::renew);
        });
        poller = new Poller(link, cycle, held, prefetch, tags, sink, h -> settler.ack(h.tag()));
        poller.start();
    }

    // Mirrors what a Celery worker declares for a plain queue: Queue(name, Exchange(name, 'direct'),
    // routing_key=name), which on Redis is one binding member in both sets (kombu 5.7).
    private void declare(String queue) {
        link.bindings().bind(link.sync(), queue, queue, "", queue);
        cycle.add(queue);
    }

    /** Acknowledges (kombu's ack: the record goes); false if the message is not held any more. */
    public boolean ack(long tag) {
        return settler.ack(tag);
    }

    /**
     * Rejects: with {@code requeue} the message goes to the tail of its queue marked redelivered (kombu's
     * {@code restore_by_tag(leftmost=True)}), and is never acked after (kombu#1805); without, it is dropped as by
     * an ack.
     */
    public boolean reject(long tag, boolean requeue) {
        return requeue ? settler.requeue(tag) : settler.ack(tag);
    }

    public void adjustPrefetch(int delta) {
        prefetch.adjust(delta);
    }

    /** The prefetch window now (0: unlimited). */
    public int prefetchCount() {
        return prefetch.count();
    }

    /** Starts consuming one more queue. */
    public void addQueue(String queue) {
        declare(queue);
        prefetch.ring();
    }

    /** Stops consuming a queue; false if it was not consumed. */
    public boolean cancelQueue(String queue) {
        return cycle.remove(queue);
    }

    public List<String> queues() {
        return cycle.order();
    }

    /** False once the message is no longer this consumer's (settled, restored, or lost to another worker). */
    public boolean isLive(long tag) {
        return held.get(tag) != null;
    }

    public boolean isConsuming() {
        Poller p = poller;
        return p != null && p.isRunning();
    }

    /** The message held under {@code tag}, or null. */
    public Held held(long tag) {
        return held.get(tag);
    }

    /** Stops popping; what is held stays held (and renewed) until acked, rejected or {@link #close()}. */
    public void stop() {
        Poller p = poller;
        if (p != null) {
            p.stop();
        }
    }

    /**
     * Stops, sends the acks still queued, and puts every message still held back at the head of its queue
     * (kombu's {@code restore_unacked_once}), so a warm shutdown leaves nothing to the visibility timeout.
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        settler.stop(ACK_FLUSH_TIMEOUT);
        chores.forEach(c -> c.cancel(false));
        List<Held> left = held.unsettledList();
        if (!left.isEmpty()) {
            log.info("Restoring {} unacknowledged message(s)", left.size());
        }
        // Newest first, each to the head (RPUSH): the first delivered ends up consumed first, as after kombu's
        // restore_unacked, which pops its delivered dict from the end.
        for (Held h : left.reversed()) {
            try {
                restorer.restoreOwn(h, false);
                held.remove(h.tag());
            } catch (RuntimeException e) {
                log.error("Could not restore message {} (task {}): {}; it stays recorded in unacked and comes back "
                        + "after visibility_timeout", h.deliveryTag(), h.envelope().messageProperties()
                        .correlationId(), e.getMessage());
            }
        }
    }
}
