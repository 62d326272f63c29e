package dev.lovage.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The document Celery's key-value backends store under {@code celery-task-meta-<id>} (celery/backends/base.py
 * {@code _get_result_meta}). Field order on the wire: status, result, traceback, children, date_done, group_id,
 * parent_id, [extended fields], task_id.
 *
 * Immutable at the top level.
 *
 * @param result    the return value, or an {@link ExceptionInfo} for exception states, or a map for STARTED
 * @param dateDone  set for ready states only
 * @param extended  {@code result_extended} fields, or null when that setting is off
 * @since 0.1
 */
public record ResultMeta(String taskId, TaskState status, @Nullable Object result, @Nullable String traceback,
        List<@Nullable Object> children, @Nullable Instant dateDone, @Nullable String groupId,
        @Nullable String parentId, @Nullable Extended extended) {

    public ResultMeta {
        children = Collections.unmodifiableList(new ArrayList<>(children));
    }

    /**
     * The fields {@code result_extended=True} adds: name, args, kwargs, worker, retries, queue.
     *
     * @since 0.1
     */
    public record Extended(String name, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            @Nullable String worker, int retries, @Nullable String queue) {
        public Extended {
            args = Collections.unmodifiableList(new ArrayList<>(args));
            kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        }
    }
}
