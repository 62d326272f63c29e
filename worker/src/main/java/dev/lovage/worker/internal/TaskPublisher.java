package dev.lovage.worker.internal;

import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.CanvasPlanner;
import dev.lovage.protocol.RunningTask;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskParent;
import dev.lovage.protocol.TaskRoutes;
import dev.lovage.worker.CanvasPublisher;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.broker.TaskProducer;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Everything the worker publishes besides retries: callbacks, chain steps, chord bodies, errbacks, built-in
 * canvases and what tasks apply through their context. Plans with the shared {@link CanvasPlanner} (Celery 5.7's
 * canvas code) and performs the plan through the broker seam and the chord backend. Thread-safe.
 */
final class TaskPublisher {
    private final CanvasPlanner planner;
    private final CanvasPublisher publisher;

    TaskPublisher(TaskProducer producer, @Nullable ChordBackend chords, String backendName, CeleryConfig config,
            Function<String, @Nullable String> taskQueues, InstantSource clock) {
        this.planner = CanvasPlanner.builder()
                .routes(TaskRoutes.of(config.taskRoutes(), config.taskDefaultQueue()).withTaskQueues(taskQueues))
                .clock(clock)
                .origin("gen" + ProcessHandle.current().pid() + "@" + Hostnames.localHost())
                .build();
        this.publisher = CanvasPublisher.of(producer, chords, backendName);
    }

    /** {@code sig.apply_async(args, **options)} from {@code parent} (the running task), performed. */
    CanvasPlan apply(Signature sig, List<?> args, Map<String, ?> options, @Nullable TaskParent parent) {
        CanvasPlan plan = planner.plan(sig, args, Map.of(), options, parent);
        publisher.perform(plan);
        return plan;
    }

    /** {@code sig.apply_async(args, kwargs, **options)} from {@code parent}, performed. */
    CanvasPlan apply(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options,
            @Nullable TaskParent parent) {
        CanvasPlan plan = planner.plan(sig, args, kwargs, options, parent);
        publisher.perform(plan);
        return plan;
    }

    /** {@code Task.replace(sig)} by {@code task}, performed. */
    CanvasPlan replace(Signature sig, RunningTask task) {
        CanvasPlan plan = planner.replace(sig, task);
        publisher.perform(plan);
        return plan;
    }

    /** {@code Task.add_to_chord(sig)} by {@code task}, performed. */
    CanvasPlan addToChord(Signature sig, RunningTask task) {
        CanvasPlan plan = planner.addToChord(sig, task);
        publisher.perform(plan);
        return plan;
    }
}
