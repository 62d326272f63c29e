package dev.lovage.worker.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Celery's logical clock (kombu.clocks.LamportClock): forwarded on each event, adjusted to what others send. */
public final class LamportClock {
    private final AtomicLong value = new AtomicLong();

    public long forward() {
        return value.incrementAndGet();
    }

    public long adjust(long other) {
        return value.updateAndGet(v -> Math.max(v, other) + 1);
    }

    public long value() {
        return value.get();
    }
}
