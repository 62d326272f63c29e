package dev.lovage.worker.internal;

import dev.lovage.worker.TaskOptions;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How long a task waits before its next automatic retry ({@code autoretry_for}): {@code factor × 2^retries} capped at
 * {@code max}, with full jitter, as celery/utils/time.py {@code get_exponential_backoff_interval} computes it; without
 * a factor ({@code retry_backoff} off), always {@code fixed} ({@code default_retry_delay}).
 *
 * @param factor {@code retry_backoff}, or null when off
 */
record Backoff(@Nullable Duration factor, Duration max, boolean jitter, Duration fixed) {

    static Backoff of(TaskOptions o) {
        return new Backoff(o.retryBackoff(), o.retryBackoffMax(), o.retryJitter(), o.defaultRetryDelay());
    }

    /** The wait before retry number {@code retries + 1}. */
    Duration delay(int retries, RandomGenerator random) {
        if (factor == null) {
            return fixed;
        }
        long countdown = Math.min(max.toMillis(), factor.toMillis() * (1L << Math.min(retries, 30)));
        if (jitter) {
            // Celery draws whole seconds: random.randrange(countdown + 1).
            countdown = random.nextLong(countdown / 1000 + 1) * 1000;
        }
        return Duration.ofMillis(Math.max(0, countdown));
    }
}
