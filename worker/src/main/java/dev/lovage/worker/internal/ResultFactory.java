package dev.lovage.worker.internal;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.TaskRequest;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds result documents as a Python worker fills them (celery/backends/base.py {@code _get_result_meta}): group
 * and parent ids from the request, {@code date_done} for ready states only, the extended fields when
 * {@code result_extended} is on.
 */
final class ResultFactory {
    private final CeleryConfig config;
    private final String hostname;
    private final InstantSource clock;

    ResultFactory(CeleryConfig config, String hostname, InstantSource clock) {
        this.config = config;
        this.hostname = hostname;
        this.clock = clock;
    }

    ResultMeta success(TaskRequest request, @Nullable Object result, List<@Nullable Object> children) {
        return meta(request, TaskState.SUCCESS, result, null, children);
    }

    ResultMeta failure(TaskRequest request, ExceptionInfo error, String traceback) {
        return meta(request, TaskState.FAILURE, error, traceback, List.of());
    }

    ResultMeta retry(TaskRequest request, @Nullable ExceptionInfo error, @Nullable String traceback) {
        return meta(request, TaskState.RETRY, error, traceback, List.of());
    }

    ResultMeta revoked(TaskRequest request, String reason) {
        return meta(request, TaskState.REVOKED, ExceptionInfo.of("celery.exceptions", "TaskRevokedError", reason),
                null, List.of());
    }

    /** REVOKED for a task known only by its id (a remote-control revoke): TaskRevokedError(reason). */
    ResultMeta revoked(String taskId, String reason) {
        return new ResultMeta(taskId, TaskState.REVOKED,
                ExceptionInfo.of("celery.exceptions", "TaskRevokedError", reason), null, List.of(), clock.instant(),
                null, null, null);
    }

    /** Mirrors celery/worker/consumer/consumer.py on_unknown_task: FAILURE NotRegistered(name), no traceback. */
    ResultMeta notRegistered(String taskId, String taskName) {
        return new ResultMeta(taskId, TaskState.FAILURE,
                ExceptionInfo.of("celery.exceptions", "NotRegistered", taskName), null, List.of(), clock.instant(),
                null, null, null);
    }

    ResultMeta started(TaskRequest request) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", ProcessHandle.current().pid());
        info.put("hostname", hostname);
        return meta(request, TaskState.STARTED, info, null, List.of());
    }

    private ResultMeta meta(TaskRequest request, TaskState state, @Nullable Object result,
            @Nullable String traceback, List<@Nullable Object> children) {
        TaskHeaders h = request.message().headers();
        ResultMeta.Extended extended = config.resultExtended()
                ? new ResultMeta.Extended(h.task(), request.message().body().args(),
                        request.message().body().kwargs(), hostname, h.retries(), request.deliveryInfo().routingKey())
                : null;
        return new ResultMeta(h.id(), state, result, traceback, children, state.isReady() ? clock.instant() : null,
                emptyToNull(h.group()), emptyToNull(h.parentId()), extended);
    }

    private static @Nullable String emptyToNull(@Nullable String s) {
        // Celery writes group_id and parent_id only when they are truthy.
        return s == null || s.isEmpty() ? null : s;
    }
}
