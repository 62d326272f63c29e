package dev.lovage.cli;

import dev.lovage.worker.CeleryWorker;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Celery's signal semantics: the first SIGTERM or SIGINT starts a warm shutdown (running tasks finish), a second one
 * turns it into a cold shutdown (running tasks are interrupted; unacknowledged messages return to the broker).
 */
final class ShutdownSignals {
    private ShutdownSignals() {
    }

    static void install(CeleryWorker worker) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (count.incrementAndGet() == 1) {
                    Thread.ofPlatform().name("celery-shutdown").start(worker::shutdown);
                } else {
                    worker.shutdownNow();
                }
            });
        }
    }
}
