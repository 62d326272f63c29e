package dev.lovage.worker;

import dev.lovage.protocol.ExceptionInfo;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A "new-style" errback, Celery's {@code def on_error(request, exc, traceback)}: registered on this worker with
 * {@link CeleryWorkerBuilder#errback}, it is called in-process when a task linked to it fails, as a Python worker
 * calls a registered errback that takes more than one argument. Errbacks not registered here are published with the
 * failed task's id, as Celery does.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ErrbackHandler {
    /**
     * @param failedTaskId the id of the task that failed (for a chord, the callback's id)
     * @param request      the failed task's request, or null for a chord callback that never ran
     * @param error        the exception as stored
     * @param traceback    the stored traceback, or null
     */
    void onError(String failedTaskId, @Nullable TaskRequest request, ExceptionInfo error, @Nullable String traceback)
            throws Exception;

    /**
     * What the worker calls: as {@link #onError(String, TaskRequest, ExceptionInfo, String)}, with the arguments
     * stored in the errback's signature ({@code errback.s(label)}), which Celery passes after
     * {@code (request, exc, traceback)}. By default they are ignored; an errback that takes them overrides this.
     *
     * @param args   the signature's stored positional arguments, possibly empty
     * @param kwargs the signature's stored keyword arguments, possibly empty
     * @since 0.2
     */
    default void onError(String failedTaskId, @Nullable TaskRequest request, ExceptionInfo error,
            @Nullable String traceback, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs)
            throws Exception {
        onError(failedTaskId, request, error, traceback);
    }
}
