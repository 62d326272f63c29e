package dev.lovage.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Control flow a task can throw, mirroring Celery's {@code Retry}, {@code Reject} and {@code Ignore}. Created by
 * {@link TaskContext}; carries no stack trace.
 *
 * @since 0.1
 */
public abstract sealed class TaskSignal extends RuntimeException
        permits TaskSignal.Retry, TaskSignal.Reject, TaskSignal.Ignore {
    private static final long serialVersionUID = 1L;

    private TaskSignal(String message, @Nullable Throwable cause) {
        super(message, cause, false, false);
    }

    /** Retry the task after {@link #countdown()}; the cause is stored with the RETRY state. */
    public static final class Retry extends TaskSignal {
        private static final long serialVersionUID = 1L;
        /** A {@code maxRetries} that means "retry forever" (Celery's {@code max_retries=None} in a retry call). */
        public static final int FOREVER = -1;
        private final Duration countdown;
        private final @Nullable Integer maxRetries;
        private final transient @Nullable List<@Nullable Object> args;
        private final transient @Nullable Map<String, @Nullable Object> kwargs;

        public Retry(@Nullable Throwable cause, Duration countdown, @Nullable Integer maxRetries) {
            this(cause, countdown, maxRetries, null, null);
        }

        private Retry(@Nullable Throwable cause, Duration countdown, @Nullable Integer maxRetries,
                @Nullable List<@Nullable Object> args, @Nullable Map<String, @Nullable Object> kwargs) {
            super("Retry in " + PythonSeconds.format(countdown) + "s"
                    + (cause == null ? "" : ": " + cause), cause);
            this.countdown = countdown;
            this.maxRetries = maxRetries;
            this.args = args;
            this.kwargs = kwargs;
        }

        /**
         * Celery's {@code self.retry(args=..., kwargs=...)}: the retried message calls the task with these
         * arguments instead of the ones it was called with (as Celery 5.7 merges them, the caller passes the
         * complete call). Throw what it returns.
         *
         * @since 0.2
         */
        public Retry withCall(List<?> newArgs, Map<String, ?> newKwargs) {
            return new Retry(getCause(), countdown, maxRetries, new ArrayList<>(newArgs),
                    new LinkedHashMap<>(newKwargs));
        }

        /** The positional arguments of the retried call, or null to keep the message's. */
        public @Nullable List<@Nullable Object> args() {
            return args;
        }

        /** The keyword arguments of the retried call, or null to keep the message's. */
        public @Nullable Map<String, @Nullable Object> kwargs() {
            return kwargs;
        }

        public Duration countdown() {
            return countdown;
        }

        /** The max_retries override ({@link #FOREVER} for none), or null for the task's own. */
        public @Nullable Integer maxRetries() {
            return maxRetries;
        }
    }

    /**
     * Reject the message; with requeue the broker delivers it again. Without, the task never runs again and, as in
     * Celery 5.7, its result is FAILURE with {@code celery.exceptions.Reject(reason, False)}.
     */
    public static final class Reject extends TaskSignal {
        private static final long serialVersionUID = 1L;
        private final boolean requeue;
        private final transient @Nullable Object reason;

        public Reject(boolean requeue) {
            this(null, requeue);
        }

        /**
         * Celery's {@code Reject(reason, requeue)}.
         *
         * @param reason a JSON-able value stored in the exception's arguments, or null
         * @since 0.2
         */
        public Reject(@Nullable Object reason, boolean requeue) {
            super("Reject requeue=" + (requeue ? "True" : "False"), null);
            this.requeue = requeue;
            this.reason = reason;
        }

        public boolean requeue() {
            return requeue;
        }

        /** The reason given, or null. */
        public @Nullable Object reason() {
            return reason;
        }
    }

    /** Stop without storing a result. */
    public static final class Ignore extends TaskSignal {
        private static final long serialVersionUID = 1L;

        public Ignore() {
            super("Ignore", null);
        }
    }

    /** Formats seconds the way Python prints a float or int countdown. */
    static final class PythonSeconds {
        private PythonSeconds() {
        }

        static String format(Duration d) {
            long millis = d.toMillis();
            return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
        }
    }
}
