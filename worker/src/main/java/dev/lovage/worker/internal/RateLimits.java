package dev.lovage.worker.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Celery's per-task {@code rate_limit} on this worker: a token bucket of capacity one (kombu's TokenBucket as the
 * worker uses it), so tasks of one name start at most {@code rate} apart. Rate-limited tasks wait without holding a
 * concurrency slot, like ETA tasks. Thread-safe.
 */
public final class RateLimits {
    private final Map<String, Long> nextFreeNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> intervals = new ConcurrentHashMap<>();

    /** "10/s", "100/m", "1000/h" or a plain number per second, as celery/utils/time.py rate() reads it. */
    public static long intervalNanos(String rateLimit) {
        String s = rateLimit.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split("/", 2);
        double count = Double.parseDouble(parts[0]);
        double per = parts.length == 1 ? 1 : switch (parts[1]) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> throw new IllegalArgumentException("rate_limit '" + rateLimit + "': expected N/s, N/m or N/h");
        };
        if (count <= 0) {
            return 0;
        }
        return (long) (per / count * 1e9);
    }

    /** Changes a task's limit ({@code celery control rate_limit}); null or "0" removes it. */
    public void set(String task, String rateLimit) {
        long interval = rateLimit == null ? 0 : intervalNanos(rateLimit);
        if (interval == 0) {
            intervals.remove(task);
        } else {
            intervals.put(task, interval);
        }
    }

    /** Reserves the next start slot for {@code task}; returns how long to wait for it. */
    public Duration reserve(String task, long nowNanos) {
        Long interval = intervals.get(task);
        if (interval == null) {
            return Duration.ZERO;
        }
        long[] start = new long[1];
        nextFreeNanos.compute(task, (k, next) -> {
            long slot = next == null || next < nowNanos ? nowNanos : next;
            start[0] = slot;
            return slot + interval;
        });
        return Duration.ofNanos(start[0] - nowNanos);
    }
}
