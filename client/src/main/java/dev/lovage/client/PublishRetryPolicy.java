package dev.lovage.client;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Celery's {@code task_publish_retry_policy}: how a publish that fails because the broker cannot be reached is
 * retried (kombu's {@code retry_over_time}). The waits are {@code intervalStart}, then {@code intervalStep} more each
 * time, capped at {@code intervalMax}; after {@code maxRetries} retries the error is thrown. Immutable.
 *
 * @since 0.2
 */
public record PublishRetryPolicy(int maxRetries, Duration intervalStart, Duration intervalStep,
        Duration intervalMax) {

    /** Celery's default: 3 retries, waiting 0 s, 0.2 s, 0.2 s. */
    public static final PublishRetryPolicy CELERY_DEFAULT = new PublishRetryPolicy(3, Duration.ZERO,
            Duration.ofMillis(200), Duration.ofMillis(200));

    /** No retries ({@code task_publish_retry = False}). */
    public static final PublishRetryPolicy NONE = new PublishRetryPolicy(0, Duration.ZERO, Duration.ZERO,
            Duration.ZERO);

    public PublishRetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_retries must not be negative: " + maxRetries);
        }
    }

    /** The wait before retry number {@code retry} (0-based), as kombu's {@code fxrange} yields them. */
    public Duration interval(int retry) {
        Duration d = intervalStart.plus(intervalStep.multipliedBy(retry));
        Duration cap = intervalStart.plus(intervalMax);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /**
     * This policy with the keys of a {@code retry_policy} option ({@code max_retries}, {@code interval_start},
     * {@code interval_step}, {@code interval_max}, in seconds) replacing its values, as Celery merges them.
     */
    public PublishRetryPolicy merge(Map<String, @Nullable Object> options) {
        return new PublishRetryPolicy(
                options.get("max_retries") instanceof Number n ? n.intValue() : maxRetries,
                seconds(options.get("interval_start"), intervalStart),
                seconds(options.get("interval_step"), intervalStep),
                seconds(options.get("interval_max"), intervalMax));
    }

    private static Duration seconds(@Nullable Object v, Duration fallback) {
        return v instanceof Number n ? Duration.ofNanos((long) (n.doubleValue() * 1e9)) : fallback;
    }
}
