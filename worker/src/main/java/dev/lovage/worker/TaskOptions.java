package dev.lovage.worker;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Per-task settings, mirroring Celery's {@code Task} attributes. A null value inherits the worker's
 * {@link CeleryConfig}.
 *
 * @param queue Celery's {@code Task.queue}: where this worker sends the task when it publishes it (a chain step, a
 *     callback, a chord body), ahead of {@code task_routes}; null routes as the settings say
 *
 * @since 0.1
 */
public record TaskOptions(@Nullable Boolean acksLate, @Nullable Boolean acksOnFailureOrTimeout,
        @Nullable Boolean rejectOnWorkerLost, @Nullable Boolean ignoreResult, @Nullable Boolean trackStarted,
        @Nullable Integer maxRetries, Duration defaultRetryDelay, List<Class<? extends Throwable>> autoretryFor,
        @Nullable Duration retryBackoff, Duration retryBackoffMax, boolean retryJitter,
        @Nullable Duration timeLimit, @Nullable Duration softTimeLimit, @Nullable String rateLimit,
        @Nullable String queue) {

    public TaskOptions {
        autoretryFor = List.copyOf(autoretryFor);
    }

    /** Celery's {@code Task.max_retries}. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Celery's {@code Task.default_retry_delay}. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(180);
    /** Celery's {@code Task.retry_backoff_max}. */
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(600);
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
        private List<Class<? extends Throwable>> autoretryFor = List.of();
        private @Nullable Duration retryBackoff;
        private Duration retryBackoffMax = DEFAULT_RETRY_BACKOFF_MAX;
        private boolean retryJitter = true;
        private @Nullable Duration timeLimit;
        private @Nullable Duration softTimeLimit;
        private @Nullable String rateLimit;
        private @Nullable String queue;

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

        /** Celery's {@code autoretry_for}: these exceptions (and subclasses) retry the task automatically. */
        @SafeVarargs
        public final Builder autoretryFor(Class<? extends Throwable>... types) {
            autoretryFor = List.of(types);
            return this;
        }

        /**
         * Celery's {@code retry_backoff}: automatic retries wait {@code factor × 2^retries}, capped by
         * {@link #retryBackoffMax}, randomised by {@link #retryJitter}. {@code retry_backoff=True} is one second.
         */
        public Builder retryBackoff(Duration factor) {
            retryBackoff = factor;
            return this;
        }

        public Builder retryBackoffMax(Duration v) {
            retryBackoffMax = v;
            return this;
        }

        public Builder retryJitter(boolean v) {
            retryJitter = v;
            return this;
        }

        /** Hard time limit ({@code time_limit}); the message's {@code timelimit} header wins when set. */
        public Builder timeLimit(Duration v) {
            timeLimit = v;
            return this;
        }

        /** Soft time limit ({@code soft_time_limit}). */
        public Builder softTimeLimit(Duration v) {
            softTimeLimit = v;
            return this;
        }

        /** Celery's {@code rate_limit}: "10/s", "100/m", "1000/h", or a plain number per second. */
        public Builder rateLimit(String v) {
            rateLimit = v;
            return this;
        }

        /** Celery's {@code queue}: the queue this worker publishes the task to, ahead of {@code task_routes}. */
        public Builder queue(@Nullable String v) {
            queue = v;
            return this;
        }

        public TaskOptions build() {
            return new TaskOptions(acksLate, acksOnFailureOrTimeout, rejectOnWorkerLost, ignoreResult, trackStarted,
                    maxRetries, defaultRetryDelay, autoretryFor, retryBackoff, retryBackoffMax, retryJitter,
                    timeLimit, softTimeLimit, rateLimit, queue);
        }
    }
}
