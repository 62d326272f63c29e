package dev.lovage.backend.redis.internal;

/**
 * Celery's key names (celery/backends/base.py BaseKeyValueStoreBackend), with the optional
 * {@code global_keyprefix} transport option (5.3+): an underscore is appended unless the prefix already ends in one
 * of {@code :_-.}.
 */
public final class Keys {
    public static final String TASK = "celery-task-meta-";
    public static final String GROUP = "celery-taskset-meta-";

    private final String prefix;

    public Keys(String globalKeyprefix) {
        if (globalKeyprefix.isEmpty() || ":_-.".indexOf(globalKeyprefix.charAt(globalKeyprefix.length() - 1)) >= 0) {
            this.prefix = globalKeyprefix;
        } else {
            this.prefix = globalKeyprefix + "_";
        }
    }

    public String task(String taskId) {
        if (taskId.isEmpty()) {
            // Mirrors Celery 5.3+: an empty id is a ValueError rather than a key shared by every such task.
            throw new IllegalArgumentException("task id must not be empty");
        }
        return prefix + TASK + taskId;
    }

    public String group(String groupId) {
        return prefix + GROUP + groupId;
    }
}
