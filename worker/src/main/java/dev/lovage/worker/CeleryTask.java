package dev.lovage.worker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a Celery task, Celery's {@code @app.task(...)}. The object holding it is registered
 * explicitly, {@code CeleryWorker.builder(config).tasks(new MyTasks())}: Lovage never scans the class path.
 *
 * <pre>{@code
 * public final class MathTasks {
 *     @CeleryTask(name = "tasks.add")
 *     public long add(long x, long y) { return x + y; }
 * }
 * }</pre>
 *
 * <p>Parameters are bound from the message's args and kwargs as Python binds a call: by position, then by name
 * (compile with {@code -parameters}, or name them with {@link Arg}), defaults from {@code Optional} or
 * {@link Arg#defaultValue()}, {@code *args} as a Java varargs or {@link Args} parameter, {@code **kwargs} as a
 * {@link Kwargs} map, and a {@link TaskContext} parameter anywhere. Values are converted with Jackson (records,
 * POJOs, generic collections, {@code BigDecimal}, {@code java.time}, {@code UUID}, {@code byte[]}); the return value
 * is written back the same way, a record becoming a dict. A call that does not fit fails as Python fails it, with
 * {@code TypeError} and CPython's message. The binding is worked out once, at registration.
 *
 * <p>The string options take Celery's spellings and are parsed at registration (a bad one throws
 * {@link TaskRegistrationException}); an empty string inherits the worker's settings.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CeleryTask {
    /** The task name Python callers use ({@code "tasks.add"}); empty means the class's full name, a dot, the method. */
    String name() default "";

    /** Celery's {@code queue}: where this worker routes this task when it publishes it (chain steps, callbacks). */
    String queue() default "";

    /** Celery's {@code rate_limit}: {@code "10/s"}, {@code "100/m"}, {@code "1000/h"}. */
    String rateLimit() default "";

    /** Celery's {@code time_limit}: seconds ({@code "30"}, {@code "0.5"}) or ISO-8601 ({@code "PT1M"}). */
    String timeLimit() default "";

    /** Celery's {@code soft_time_limit}, spelled as {@link #timeLimit()}. */
    String softTimeLimit() default "";

    /** Celery's {@code acks_late}: {@code "true"} or {@code "false"}. */
    String acksLate() default "";

    /** Celery's {@code acks_on_failure_or_timeout}. */
    String acksOnFailureOrTimeout() default "";

    /** Celery's {@code reject_on_worker_lost}. */
    String rejectOnWorkerLost() default "";

    /** Celery's {@code ignore_result}. */
    String ignoreResult() default "";

    /** Celery's {@code track_started}. */
    String trackStarted() default "";

    /** Celery's {@code max_retries}: a number, or {@code "None"} to retry forever; empty means 3. */
    String maxRetries() default "";

    /** Celery's {@code default_retry_delay}, spelled as {@link #timeLimit()}; empty means 180 s. */
    String defaultRetryDelay() default "";

    /** Celery's {@code autoretry_for}: these exceptions (and subclasses) retry the task automatically. */
    Class<? extends Throwable>[] autoretryFor() default {};

    /**
     * Celery's {@code retry_backoff}: {@code "true"} (a factor of one second), a number of seconds, or
     * {@code "false"}.
     */
    String retryBackoff() default "";

    /** Celery's {@code retry_backoff_max}; empty means 600 s. */
    String retryBackoffMax() default "";

    /** Celery's {@code retry_jitter}; empty means true. */
    String retryJitter() default "";
}
