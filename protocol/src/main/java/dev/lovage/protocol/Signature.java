package dev.lovage.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Celery signature as it travels in a message: {@code {"task", "args", "kwargs", "options", "subtask_type",
 * "immutable"}}. Values may be JSON nulls, so the collections tolerate null elements. Immutable at the top level.
 *
 * @param extra keys beyond the six standard ones (for example {@code chord_size}), kept for round trips
 * @since 0.1
 */
public record Signature(String task, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
        Map<String, @Nullable Object> options, @Nullable String subtaskType, boolean immutable,
        Map<String, @Nullable Object> extra) {

    public Signature {
        args = Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** A plain signature {@code task(*args)} with no options. */
    public static Signature of(String task, @Nullable Object... args) {
        return new Signature(task, Arrays.asList(args), Map.of(), Map.of(), null, false, Map.of());
    }

    /** The pre-assigned id in {@code options.task_id}, or null. */
    public @Nullable String taskId() {
        return options.get("task_id") instanceof String id ? id : null;
    }
}
