package dev.lovage.worker.internal;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.worker.ResultBackend;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Stores the results of task runs in the result backend, timed for the {@code celery.backend.requests} meter; does
 * nothing without a backend. A failed store throws {@link dev.lovage.worker.BackendException} to the run, whose
 * message is then settled as {@link AckPolicy.Outcome#BACKEND_FAILED}. Thread-safe.
 */
final class ResultWriter {
    private final @Nullable ResultBackend backend;
    private final Listeners listeners;

    ResultWriter(@Nullable ResultBackend backend, Listeners listeners) {
        this.backend = backend;
        this.listeners = listeners;
    }

    void store(ResultMeta meta) {
        if (backend == null) {
            return;
        }
        long start = System.nanoTime();
        String outcome = "error";
        try {
            backend.store(meta);
            outcome = "success";
        } finally {
            String o = outcome;
            Duration d = Duration.ofNanos(System.nanoTime() - start);
            listeners.fire(l -> l.backendRequest("store", o, d));
        }
    }
}
