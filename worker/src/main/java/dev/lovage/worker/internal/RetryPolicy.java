package dev.lovage.worker.internal;

import dev.lovage.protocol.TaskBody;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskSignal;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Whether a task runs again: an exception listed in {@code autoretry_for} becomes a retry after its {@link Backoff}
 * (celery/app/autoretry.py), and a retry past {@code max_retries} becomes the task's failure (celery/app/task.py
 * {@code Task.retry}). Stateless.
 */
final class RetryPolicy {
    private RetryPolicy() {
    }

    /** The retry an exception asks for under {@code autoretry_for}, or null when it is not one of those types. */
    static TaskSignal.@Nullable Retry autoretry(TaskOptions options, Throwable error, int retries) {
        for (Class<? extends Throwable> type : options.autoretryFor()) {
            if (type.isInstance(error)) {
                return new TaskSignal.Retry(error, Backoff.of(options).delay(retries, ThreadLocalRandom.current()),
                        null);
            }
        }
        return null;
    }

    /**
     * The exception the task fails with when {@code retry} would pass {@code max_retries} (the retry's own cause, else
     * {@code MaxRetriesExceededError}), or null when it may retry.
     */
    static @Nullable Throwable exhausted(TaskSignal.Retry retry, TaskOptions options, TaskHeaders h, TaskBody body) {
        Integer max = retry.maxRetries() == null ? options.maxRetries()
                : retry.maxRetries() == TaskSignal.Retry.FOREVER ? null : retry.maxRetries();
        if (max == null || h.retries() + 1 <= max) {
            return null;
        }
        return retry.getCause() != null ? retry.getCause()
                : new PythonException("celery.exceptions", "MaxRetriesExceededError", "Can't retry " + h.task() + "["
                        + h.id() + "] args:" + PyFormat.tupleRepr(body.args()) + " kwargs:" + PyFormat.repr(
                                body.kwargs()));
    }

}
