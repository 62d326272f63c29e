package dev.lovage.worker.internal;

import dev.lovage.worker.WorkerListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener; one that throws (anything, an Error included) is logged at WARN and changes nothing else. */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private final List<WorkerListener> listeners;

    public Listeners(List<WorkerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void fire(Consumer<WorkerListener> event) {
        for (WorkerListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (Throwable e) {
                log.warn("Listener {} failed: {}", listener.getClass().getName(), e.toString());
            }
        }
    }
}
