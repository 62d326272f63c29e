package dev.lovage.spring.boot;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.ResultBackend;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The worker's health as the actuator shows it, for both Boot lines' health contributors: up while the worker runs
 * connected to the broker and the result backend (if any) answers. Details: {@code broker}, {@code backend}
 * ({@code up}, {@code down} or {@code none}), the node name, its queues and tasks.
 *
 * @param up whether both are reachable
 * @param details what the health endpoint shows
 * @since 0.1
 */
public record WorkerHealth(boolean up, Map<String, Object> details) {

    /** The health of {@code lifecycle}'s worker now. */
    public static WorkerHealth of(CeleryWorkerLifecycle lifecycle) {
        CeleryWorker worker = lifecycle.worker();
        ResultBackend backend = lifecycle.backend();
        boolean broker = worker != null && worker.isHealthy();
        boolean results = backend == null || !(backend instanceof RedisResultBackend redis) || redis.isConnected();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("broker", broker ? "up" : "down");
        details.put("backend", backend == null ? "none" : results ? "up" : "down");
        if (worker != null) {
            details.put("hostname", worker.hostname());
            details.put("state", worker.state().name().toLowerCase(Locale.ROOT));
            details.put("queues", worker.queues());
            details.put("tasks", lifecycle.tasks());
        }
        return new WorkerHealth(broker && results, details);
    }
}
