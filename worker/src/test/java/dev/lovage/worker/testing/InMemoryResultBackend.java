package dev.lovage.worker.testing;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A {@link ResultBackend} in memory with Celery's rule that a stored SUCCESS is never overwritten. Thread-safe. */
public final class InMemoryResultBackend implements ResultBackend {
    private final Map<String, ResultMeta> results = new HashMap<>();
    private final List<ResultMeta> stored = new ArrayList<>();

    @Override
    public synchronized void store(ResultMeta meta) {
        ResultMeta current = results.get(meta.taskId());
        if (current != null && current.status() == TaskState.SUCCESS) {
            return;
        }
        results.put(meta.taskId(), meta);
        stored.add(meta);
        notifyAll();
    }

    @Override
    public synchronized @Nullable ResultMeta get(String taskId) {
        return results.get(taskId);
    }

    @Override
    public synchronized void forget(String taskId) {
        results.remove(taskId);
    }

    @Override
    public String describe() {
        return "memory://";
    }

    /** Every write that went through, in order. */
    public synchronized List<ResultMeta> stored() {
        return List.copyOf(stored);
    }
}
