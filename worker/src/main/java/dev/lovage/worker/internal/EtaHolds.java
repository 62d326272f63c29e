package dev.lovage.worker.internal;

import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.TaskRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks a worker holds for their eta or rate limit. Each raises the prefetch by one while it waits, as Celery's
 * strategy does ({@code qos.increment_eventually}), up to {@code worker_eta_task_limit}. Past the limit a waiting
 * task takes one of the ordinary prefetch slots instead (Celery's {@code max_prefetch}), so ready tasks queued behind
 * such tasks wait for them: that is reported, with a WARNING once per episode, the {@code etaOverflow} listener
 * event and a degraded {@code /health}. Holds whose delivery's channel is gone are released: the broker redelivers
 * those messages. Thread-safe.
 */
final class EtaHolds {
    private static final Logger log = LoggerFactory.getLogger(EtaHolds.class);

    private final TaskConsumer consumer;
    private final Listeners listeners;
    private final int limit;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger overflow = new AtomicInteger();
    private final Set<Hold> waiting = ConcurrentHashMap.newKeySet();

    /** One waiting task. */
    static final class Hold {
        private final Delivery delivery;
        private final TaskRequest request;
        private final boolean raised;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile TaskPool.@Nullable Wait wait;

        private Hold(Delivery delivery, TaskRequest request, boolean raised) {
            this.delivery = delivery;
            this.request = request;
            this.raised = raised;
        }
    }

    EtaHolds(TaskConsumer consumer, Listeners listeners, @Nullable Integer limit) {
        this.consumer = consumer;
        this.listeners = listeners;
        this.limit = limit == null ? Integer.MAX_VALUE : limit;
    }

    /** Counts a task that will wait; the caller {@linkplain #waiting attaches} its wait, then releases it once. */
    Hold hold(Delivery delivery, TaskRequest request) {
        boolean raised = held.incrementAndGet() <= limit;
        if (raised) {
            consumer.adjustPrefetch(1);
            int now = held.get();
            listeners.fire(l -> l.etaHeld(now));
        } else {
            held.decrementAndGet();
            int now = overflow.incrementAndGet();
            if (now == 1) {
                log.warn("worker_eta_task_limit ({}) reached: {} tasks are held for their eta or rate limit. More "
                        + "such tasks now take the prefetch slots of ready tasks, which wait behind them (Celery's "
                        + "back-pressure). Raise worker_eta_task_limit, or route countdown and ETA tasks to a queue "
                        + "of their own.", limit, held.get());
            }
            listeners.fire(l -> l.etaOverflow(now));
        }
        return new Hold(delivery, request, raised);
    }

    /** Tracks {@code hold} with its wait, so a dead channel can release it. */
    void waiting(Hold hold, TaskPool.Wait wait) {
        hold.wait = wait;
        waiting.add(hold);
        if (hold.released.get()) {
            waiting.remove(hold); // it started, ran and ended before it was tracked
        }
    }

    /** Ends a hold (its task ran, or will not); idempotent. */
    void release(Hold hold) {
        if (!hold.released.compareAndSet(false, true)) {
            return;
        }
        waiting.remove(hold);
        if (hold.raised) {
            int now = held.decrementAndGet();
            consumer.adjustPrefetch(-1);
            listeners.fire(l -> l.etaHeld(now));
        } else {
            int now = overflow.decrementAndGet();
            if (now == 0) {
                log.info("No task waits past worker_eta_task_limit ({}) any more", limit);
            }
            listeners.fire(l -> l.etaOverflow(now));
        }
    }

    /**
     * Releases the holds whose channel is gone, as Celery's consumer cancels its ETA timer entries on connection
     * loss: the broker redelivers those messages. Returns how many.
     */
    int releaseDead() {
        int released = 0;
        for (Hold h : waiting) {
            TaskPool.Wait w = h.wait;
            if (w != null && !consumer.isLive(h.delivery) && w.cancel()) {
                release(h);
                listeners.fire(l -> l.taskReleased(h.request));
                released++;
            }
        }
        if (released > 0) {
            log.info("Released {} tasks held for their eta: their connection to the broker was lost, and the broker "
                    + "delivers them again", released);
        }
        return released;
    }

    int held() {
        return held.get();
    }

    int overflow() {
        return overflow.get();
    }
}
