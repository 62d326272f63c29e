package dev.lovage.worker.testing;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ResultBackend} in memory that follows Celery's key-value backend rules: a stored SUCCESS is never
 * overwritten, and {@code date_done} is kept for ready states only. Records every write that went through, in
 * order, and lets tests wait for a state. Thread-safe; nothing to close.
 *
 * @since 0.1
 */
public final class InMemoryResultBackend implements ResultBackend {
    private final Map<String, ResultMeta> results = new HashMap<>();
    private final List<ResultMeta> stored = new ArrayList<>();
    private final Map<String, ResultRef> groups = new HashMap<>();

    @Override
    public synchronized void store(ResultMeta meta) {
        ResultMeta current = results.get(meta.taskId());
        // Mirrors celery/backends/base.py BaseKeyValueStoreBackend._store_result: a SUCCESS stays.
        if (current != null && current.status() == TaskState.SUCCESS) {
            return;
        }
        ResultMeta written = meta.status().isReady() || meta.dateDone() == null ? meta
                : new ResultMeta(meta.taskId(), meta.status(), meta.result(), meta.traceback(), meta.children(),
                        null, meta.groupId(), meta.parentId(), meta.extended());
        results.put(meta.taskId(), written);
        stored.add(written);
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

    @Override
    public synchronized void saveGroup(String groupId, ResultRef result) {
        groups.put(groupId, result);
    }

    @Override
    public synchronized @Nullable ResultRef restoreGroup(String groupId) {
        return groups.get(groupId);
    }

    @Override
    public synchronized void deleteGroup(String groupId) {
        groups.remove(groupId);
    }

    /** Every write that went through (not those the SUCCESS guard dropped), in order. */
    public synchronized List<ResultMeta> stored() {
        return List.copyOf(stored);
    }

    /**
     * Waits until the result of {@code taskId} is in {@code state} and returns it.
     *
     * @throws AssertionError when {@code timeout} passes first, saying what is stored instead
     */
    public synchronized ResultMeta awaitState(String taskId, TaskState state, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ResultMeta meta = results.get(taskId);
            if (meta != null && meta.status() == state) {
                return meta;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + state + " result for " + taskId + " within " + timeout
                        + "; stored: " + meta);
            }
            // Object.wait takes milliseconds; round up so a sub-millisecond remainder still waits.
            wait(Math.max(1, (left + 999_999) / 1_000_000));
        }
    }
}
