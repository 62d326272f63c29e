package dev.lovage.worker.internal;

import dev.lovage.worker.TaskRegistrationException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The registered tasks by name. Filled before start, read-only afterwards (so reads need no locking). */
public final class TaskRegistry {
    private final Map<String, RegisteredTask> tasks = new TreeMap<>();
    private boolean frozen;

    public void register(RegisteredTask task) {
        if (frozen) {
            throw new TaskRegistrationException("cannot register task '" + task.name()
                    + "': registration is closed once the worker is built");
        }
        if (task.name().isBlank()) {
            throw new TaskRegistrationException("a task name must not be blank");
        }
        if (tasks.putIfAbsent(task.name(), task) != null) {
            throw new TaskRegistrationException("task '" + task.name() + "' is already registered");
        }
    }

    /** Adds a built-in task unless the app registered that name itself. */
    public void registerDefault(RegisteredTask task) {
        if (frozen) {
            throw new TaskRegistrationException("registration is closed");
        }
        tasks.putIfAbsent(task.name(), task);
    }

    public void freeze() {
        frozen = true;
    }

    public @Nullable RegisteredTask get(String name) {
        return tasks.get(name);
    }

    /** Names in sorted order, as {@code celery inspect registered} lists them. */
    public Map<String, RegisteredTask> all() {
        return Collections.unmodifiableMap(tasks);
    }
}
