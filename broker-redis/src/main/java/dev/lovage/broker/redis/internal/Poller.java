package dev.lovage.broker.redis.internal;

import dev.lovage.backend.redis.RedisErrors;
import dev.lovage.protocol.ProtocolException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming thread ({@code celery-consumer}). Where kombu BRPOPs and then records the message in a second
 * step, this pops and records in one script (see {@link Scripts#POP}), several messages at a time up to the free
 * prefetch window. A script cannot block, so an idle consumer looks again after 1, 2, 4 ... up to
 * {@link #IDLE_MAX} milliseconds: a message is never popped without being recorded, at the price of up to that
 * much latency on an idle queue. Connection errors are retried for as long as it runs, with Celery's log lines.
 */
final class Poller {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    /** The longest pause between two looks at empty queues. */
    static final Duration IDLE_MAX = Duration.ofMillis(20);
    private static final Duration FULL_WAIT = Duration.ofMillis(250);

    private final RedisLink link;
    private final QueueCycle cycle;
    private final HeldMessages held;
    private final Prefetch prefetch;
    private final Consumer<Held> sink;
    private final Consumer<Held> drop;
    private final AtomicLong tags;
    private volatile boolean running;
    private @Nullable Thread thread;

    /**
     * @param sink receives each popped message on this thread; must not block
     * @param drop settles (acks) a recorded message that cannot be read, after it was logged
     */
    Poller(RedisLink link, QueueCycle cycle, HeldMessages held, Prefetch prefetch, AtomicLong tags,
            Consumer<Held> sink, Consumer<Held> drop) {
        this.link = link;
        this.cycle = cycle;
        this.held = held;
        this.prefetch = prefetch;
        this.tags = tags;
        this.sink = sink;
        this.drop = drop;
    }

    synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().name("celery-consumer").daemon(true).start(this::loop);
        }
    }

    /** Stops polling and waits for a poll under way to finish, so that what it popped is held before this returns. */
    void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        prefetch.ring();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning() {
        return running;
    }

    private void loop() {
        long idleMillis = 0;
        int failures = 0;
        while (running) {
            int credit = prefetch.available(held.unsettled());
            List<String> queues = cycle.order();
            if (credit <= 0 || queues.isEmpty()) {
                prefetch.await(FULL_WAIT);
                continue;
            }
            try {
                int got = poll(queues, credit);
                if (failures > 0) {
                    log.info("Connected to {}", link.describe());
                    failures = 0;
                }
                idleMillis = got > 0 ? 0 : Math.min(IDLE_MAX.toMillis(), Math.max(1, idleMillis * 2));
                if (got == 0) {
                    prefetch.await(Duration.ofMillis(idleMillis));
                }
            } catch (RedisException e) {
                failures++;
                // A reconnect rings the doorbell, so this wait ends as soon as Redis is back.
                Duration wait = Duration.ofSeconds(Math.min(2L * failures, 10));
                if (RedisErrors.isConnectionError(e)) {
                    if (failures == 1) {
                        log.warn("consumer: Connection to broker lost. Trying to re-establish the connection...");
                    }
                    // Celery's own wording, so operators can grep both worlds.
                    log.error("consumer: Cannot connect to {}: {}.\nTrying again in {} seconds... ({}/Inf)",
                            link.describe(), e.getMessage(), wait.toSeconds(), failures);
                } else {
                    log.error("consumer: polling {} failed: {}. Trying again in {} seconds...", link.describe(),
                            e.getMessage(), wait.toSeconds());
                }
                prefetch.await(wait);
            } catch (RuntimeException e) {
                log.error("consumer: unexpected error while polling; going on", e);
                prefetch.await(Duration.ofSeconds(1));
            }
        }
    }

    private int poll(List<String> queues, int credit) {
        KeyLayout keys = link.keys();
        List<String> k = new ArrayList<>(2 + queues.size() * keys.stepCount());
        k.add(keys.unacked());
        k.add(keys.unackedIndex());
        k.addAll(keys.consumeOrder(queues));
        List<Object> reply = Scripts.POP.run(link.sync(), ScriptOutputType.MULTI, k.toArray(String[]::new),
                Integer.toString(credit), link.score(), Integer.toString(queues.size()),
                cycle.rotates() ? "round_robin" : "fixed", link.options().ackEmulation() ? "1" : "0");
        for (int i = 0; i + 3 < reply.size(); i += 4) {
            int at = ((Long) reply.get(i)).intValue() - 1;
            String queue = queues.get(at);
            deliver(queue, (String) reply.get(i + 1), (String) reply.get(i + 2), (String) reply.get(i + 3));
            cycle.served(queue);
        }
        return reply.size() / 4;
    }

    private void deliver(String queue, String item, @Nullable String tag, @Nullable String sha) {
        if (tag == null) {
            log.error("Dropped an unreadable message from queue '{}' (not a kombu message: no properties."
                    + "delivery_tag): {}", queue, item.length() > 4096 ? item.substring(0, 4096) + "..." : item);
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(item);
        } catch (ProtocolException e) {
            log.error("Dropped an unreadable message {} from queue '{}': {}", tag, queue, e.getMessage());
            Held unreadable = new Held(tags.incrementAndGet(), tag, queue, Envelope.unreadable(item), sha);
            held.add(unreadable);
            drop.accept(unreadable);
            return;
        }
        Held h = new Held(tags.incrementAndGet(), tag, queue, envelope, sha);
        held.add(h);
        sink.accept(h);
    }
}
