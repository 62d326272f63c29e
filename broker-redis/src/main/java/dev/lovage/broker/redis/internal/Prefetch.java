package dev.lovage.broker.redis.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The prefetch window, which on Redis lives only in the consumer (kombu's {@code QoS.can_consume}): pop only
 * while fewer than {@code prefetch_count} (plus one per held ETA task) messages are unsettled; 0 means unlimited.
 * Also the poll thread's doorbell: settling, a raised window or stopping wakes it. Thread-safe.
 */
public final class Prefetch {
    /** Most messages one poll takes, also when the window is unlimited. */
    static final int MAX_BATCH = 100;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger raised = new AtomicInteger();
    private volatile int base;
    private boolean rung;

    public void base(int prefetchCount) {
        this.base = Math.max(0, prefetchCount);
        ring();
    }

    /** Raises (or lowers) the window by {@code delta}: an ETA task holds its message while it waits. */
    public void adjust(int delta) {
        raised.addAndGet(delta);
        ring();
    }

    /** How many messages may be popped now, given {@code unsettled} delivered and not yet acked or rejected. */
    public int available(int unsettled) {
        int b = base;
        if (b == 0) {
            return MAX_BATCH;
        }
        return Math.min(MAX_BATCH, Math.max(0, b + raised.get() - unsettled));
    }

    /** The window now, for remote control's stats. */
    public int count() {
        int b = base;
        return b == 0 ? 0 : Math.max(0, b + raised.get());
    }

    /** Wakes the poll thread. */
    public void ring() {
        lock.lock();
        try {
            rung = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@link #ring()} or {@code timeout}; returns at once if it rang since the last wait. */
    public void await(Duration timeout) {
        lock.lock();
        try {
            if (!rung) {
                changed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            rung = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
