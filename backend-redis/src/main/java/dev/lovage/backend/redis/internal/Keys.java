package dev.lovage.backend.redis.internal;

import java.util.Map;

/**
 * Celery's key names (celery/backends/base.py {@code BaseKeyValueStoreBackend}: {@code task_keyprefix},
 * {@code group_keyprefix}), with the optional {@code global_keyprefix} transport option (5.3+) in front. The
 * Pub/Sub channel of a result is its full key. Immutable.
 */
public final class Keys {
    public static final String TASK = "celery-task-meta-";
    public static final String GROUP = "celery-taskset-meta-";
    /** The transport option that names the global prefix. */
    public static final String GLOBAL_KEYPREFIX = "global_keyprefix";

    private final String prefix;

    public Keys(String globalKeyprefix) {
        // Mirrors celery/backends/base.py _add_global_keyprefix: "_" unless the prefix ends in a separator.
        if (globalKeyprefix.isEmpty() || ":_-.".indexOf(globalKeyprefix.charAt(globalKeyprefix.length() - 1)) >= 0) {
            this.prefix = globalKeyprefix;
        } else {
            this.prefix = globalKeyprefix + "_";
        }
    }

    /** The keys of {@code result_backend_transport_options}, with no prefix when the option is absent. */
    public static Keys from(Map<String, String> transportOptions) {
        return new Keys(transportOptions.getOrDefault(GLOBAL_KEYPREFIX, ""));
    }

    /** {@code [prefix]celery-task-meta-<taskId>}. */
    public String task(String taskId) {
        // Mirrors Celery 5.3+ get_key_for_task: an empty id is a ValueError rather than a key shared by all.
        if (taskId.isEmpty()) {
            throw new IllegalArgumentException("task id must not be empty");
        }
        return prefix + TASK + taskId;
    }

    /** {@code [prefix]celery-taskset-meta-<groupId>}: a saved group, and the base of the chord join keys. */
    public String group(String groupId) {
        return prefix + GROUP + groupId;
    }

    /** {@code [prefix]celery-task-meta-}, for scripts that build task keys from ids. */
    public String taskPrefix() {
        return prefix + TASK;
    }
}
