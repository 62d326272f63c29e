package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.WorkerListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows the cluster's task events (the {@code task.#} stream other workers send) and tells the listeners when a task
 * succeeded anywhere, for listeners that act on other workers' tasks (chord cleanup). Bodies that are not events are
 * ignored.
 */
public final class TaskEventFollower implements Consumer<byte[]> {
    private final Listeners listeners;

    public TaskEventFollower(Listeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void accept(byte[] body) {
        Object parsed;
        try {
            parsed = PyJson.read(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return;
        }
        // task.multi carries a list of events (Celery 4.0+); a single event is an object.
        for (Object event : parsed instanceof List<?> l ? l : List.of(parsed == null ? Map.of() : parsed)) {
            if (event instanceof Map<?, ?> e && "task-succeeded".equals(e.get("type")) && e.get("uuid") != null) {
                String id = e.get("uuid").toString();
                listeners.fire((WorkerListener l) -> l.remoteTaskSucceeded(id));
            }
        }
    }
}
