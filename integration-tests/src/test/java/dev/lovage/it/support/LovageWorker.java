package dev.lovage.it.support;

import dev.lovage.cleanup.ChordCleanupSettings;
import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.cleanup.ChordCleanup;
import dev.lovage.examples.ExampleTasks;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryConfigBuilder;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.WorkerListener;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** A Lovage worker with the example tasks, in this JVM, consuming one queue of its own. */
public final class LovageWorker implements AutoCloseable {
    private final CeleryWorker worker;
    private final RedisResultBackend backend;
    private final String queue;
    private final ChordCleanup chordCleanup;

    private LovageWorker(CeleryWorker worker, RedisResultBackend backend, String queue,
            ChordCleanup chordCleanup) {
        this.chordCleanup = chordCleanup;
        this.worker = worker;
        this.backend = backend;
        this.queue = queue;
    }

    /** A fresh queue name, so tests never see each other's messages. */
    public static String newQueue(String prefix) {
        return "it_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static LovageWorker start(String queue) {
        return start(queue, c -> c);
    }

    /** Starts a worker on {@code queue}; {@code settings} can change the config (broker URL included). */
    public static LovageWorker start(String queue, UnaryOperator<CeleryConfigBuilder> settings) {
        return start(queue, settings, WorkerListener.NONE);
    }

    /** As {@link #start(String, UnaryOperator)}, with a listener. */
    public static LovageWorker start(String queue, UnaryOperator<CeleryConfigBuilder> settings,
            WorkerListener listener) {
        return start(queue, settings, listener, null);
    }

    /** Starts a worker on {@code queue} against {@code broker}; {@code settings} can change the config. */
    public static LovageWorker start(TestBroker broker, String queue, UnaryOperator<CeleryConfigBuilder> settings) {
        return start(queue, c -> settings.apply(c.brokerUrl(broker.url())));
    }

    /** A worker with the example tasks plus those {@code tasks} registers (tasks written for one test). */
    public static LovageWorker startWith(String queue, UnaryOperator<CeleryConfigBuilder> settings,
            UnaryOperator<CeleryWorkerBuilder> tasks) {
        return start(queue, settings, WorkerListener.NONE, null, tasks);
    }

    /** A worker that also forgets chord header results (the cleanup module). */
    public static LovageWorker startWithCleanup(String queue, UnaryOperator<CeleryConfigBuilder> settings) {
        return start(queue, settings, WorkerListener.NONE, ChordCleanup.DEFAULT_SWEEP);
    }

    /** A cleanup worker that sweeps only every {@code sweep} and otherwise acts on the cluster's task events. */
    public static LovageWorker startWithCleanup(String queue, UnaryOperator<CeleryConfigBuilder> settings,
            Duration sweep) {
        return start(queue, settings, WorkerListener.NONE, sweep);
    }

    private static LovageWorker start(String queue, UnaryOperator<CeleryConfigBuilder> settings,
            WorkerListener listener, Duration cleanupSweep) {
        return start(queue, settings, listener, cleanupSweep, b -> b);
    }

    private static LovageWorker start(String queue, UnaryOperator<CeleryConfigBuilder> settings,
            WorkerListener listener, Duration cleanupSweep, UnaryOperator<CeleryWorkerBuilder> tasks) {
        Services s = Services.get();
        CeleryConfig config = settings.apply(CeleryConfig.builder()
                .brokerUrl(s.amqpUrl())
                .resultBackend(s.redisUrl())
                .workerConcurrency(4)).build();
        RedisResultBackend backend = RedisResultBackend.connect(config);
        ChordCleanup chordCleanup = cleanupSweep == null ? null
                : new ChordCleanup(backend, backend.cleanupStore(), ChordCleanupSettings.from(config), cleanupSweep);
        CeleryWorker worker = tasks.apply(CeleryWorker.builder(config)
                .app(new ExampleTasks()))
                .resultBackend(backend)
                .queues(List.of(queue))
                .hostname("lovage-it-" + queue.substring(Math.max(0, queue.length() - 8)) + "@%h")
                .listener(listener)
                .listener(chordCleanup != null ? chordCleanup : WorkerListener.NONE)
                .receiveTaskEvents(chordCleanup != null)
                .build();
        worker.start();
        if (chordCleanup != null) {
            chordCleanup.start();
        }
        return new LovageWorker(worker, backend, queue, chordCleanup);
    }

    public String queue() {
        return queue;
    }

    public CeleryWorker worker() {
        return worker;
    }

    @Override
    public void close() {
        worker.close();
        if (chordCleanup != null) {
            chordCleanup.close();
        }
        backend.close();
    }
}
