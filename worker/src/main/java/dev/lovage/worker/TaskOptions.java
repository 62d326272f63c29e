package dev.lovage.worker;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Per-task settings, mirroring Celery's {@code Task} attributes. A null value inherits the worker's
 * {@link CeleryConfig}.
 *
 * @since 0.1
 */
public record TaskOptions(@Nullable Boolean acksLate, @Nullable Boolean acksOnFailureOrTimeout,
        @Nullable Boolean rejectOnWorkerLost, @Nullable Boolean ignoreResult, @Nullable Boolean trackStarted,
        @Nullable Integer maxRetries, Duration defaultRetryDelay) {

    /** Celery's {@code Task.max_retries}. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Celery's {@code Task.default_retry_delay}. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(180);
    /** Inherit everything. */
    public static final TaskOptions DEFAULTS = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder for {@link TaskOptions}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private @Nullable Boolean acksLate;
        private @Nullable Boolean acksOnFailureOrTimeout;
        private @Nullable Boolean rejectOnWorkerLost;
        private @Nullable Boolean ignoreResult;
        private @Nullable Boolean trackStarted;
        private @Nullable Integer maxRetries = DEFAULT_MAX_RETRIES;
        private Duration defaultRetryDelay = DEFAULT_RETRY_DELAY;

        public Builder acksLate(boolean v) {
            acksLate = v;
            return this;
        }

        public Builder acksOnFailureOrTimeout(boolean v) {
            acksOnFailureOrTimeout = v;
            return this;
        }

        public Builder rejectOnWorkerLost(boolean v) {
            rejectOnWorkerLost = v;
            return this;
        }

        public Builder ignoreResult(boolean v) {
            ignoreResult = v;
            return this;
        }

        public Builder trackStarted(boolean v) {
            trackStarted = v;
            return this;
        }

        /** Null means retry forever, as Celery's {@code max_retries=None}. */
        public Builder maxRetries(@Nullable Integer v) {
            maxRetries = v;
            return this;
        }

        public Builder defaultRetryDelay(Duration v) {
            defaultRetryDelay = v;
            return this;
        }

        public TaskOptions build() {
            return new TaskOptions(acksLate, acksOnFailureOrTimeout, rejectOnWorkerLost, ignoreResult, trackStarted,
                    maxRetries, defaultRetryDelay);
        }
    }
}
