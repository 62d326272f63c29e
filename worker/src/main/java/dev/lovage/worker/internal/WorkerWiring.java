package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.protocol.codec.MessageDecoder;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.WorkerListener;
import dev.lovage.worker.broker.Broker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a worker's parts are made and connected (docs/architecture.md draws the result): the delivery
 * path ({@link DeliveryHandler} → {@link TaskPool} → {@link TaskRunner} → {@link TaskTracer} → {@link Acknowledger}),
 * what publishes (canvas, retries), what observes (state, events, listeners), and remote control.
 */
public final class WorkerWiring {
    private static final Logger log = LoggerFactory.getLogger(WorkerWiring.class);
    private static final EnumSet<TaskState> REVOCABLE = EnumSet.of(TaskState.PENDING, TaskState.RECEIVED,
            TaskState.RETRY, TaskState.REJECTED);

    public final WorkerSpec spec;
    public final Listeners listeners;
    public final WorkerState state;
    public final LamportClock clock = new LamportClock();
    public final EventDispatcher events;
    public final TaskPool pool;
    public final RevokedSet revoked;
    public final RateLimits rateLimits = new RateLimits();
    public final TimeLimitPolicy timeLimits;
    public final ResultFactory results;
    public final @Nullable OutOfBandStores stores;
    public final TaskRunner runner;
    public final DeliveryHandler handler;

    public WorkerWiring(WorkerSpec spec, BooleanSupplier cancelled) {
        this.spec = spec;
        CeleryConfig config = spec.config();
        Broker broker = spec.broker();
        this.state = new WorkerState(spec.clock());
        this.events = new EventDispatcher(broker.events(), spec.hostname(), clock, state,
                config.workerSendTaskEvents());
        List<WorkerListener> all = new ArrayList<>(List.of(state, events));
        all.addAll(spec.listeners());
        this.listeners = new Listeners(all);
        broker.onReconnect(() -> listeners.fire(WorkerListener::brokerReconnected));
        this.pool = new TaskPool(config.workerPool(), config.workerConcurrency());
        this.revoked = new RevokedSet(spec.clock());
        this.timeLimits = new TimeLimitPolicy(config);
        this.results = new ResultFactory(config, spec.hostname(), spec.clock());
        this.stores = spec.backend() == null ? null : new OutOfBandStores(spec.backend());
        TaskPublisher publisher = publisher(spec);
        Workflow workflow = new Workflow(publisher, chords(spec), spec.backend(), spec.clock(), listeners,
                spec.errbacks());
        new Builtins(publisher, workflow, spec.backend()).tasks().forEach(spec.registry()::registerDefault);
        MapTasks.tasks(spec.registry()).forEach(spec.registry()::registerDefault);
        spec.registry().freeze();
        spec.registry().all().values().forEach(t -> {
            if (t.options().rateLimit() != null) {
                rateLimits.set(t.name(), t.options().rateLimit());
            }
        });
        Acknowledger acks = new Acknowledger(broker.consumer());
        TaskTracer tracer = new TaskTracer(config, new ResultWriter(spec.backend(), listeners), results, workflow,
                publisher, new RetryPublisher(broker.producer(), spec.clock()), listeners, revoked, timeLimits,
                spec.hostname(), cancelled);
        this.runner = new TaskRunner(config, tracer, acks, revoked, spec.clock());
        MessageDecoder decoder = MessageDecoder.create(new DecoderOptions(config.acceptContent(),
                config.workerMaxBodySize(), config.workerMaxBodyDepth(), config.workerMaxBodyItems()));
        this.handler = new DeliveryHandler(decoder, spec.registry(), pool, runner, broker.consumer(), acks, stores,
                results, listeners, spec.clock(), revoked, rateLimits, config.workerEtaTaskLimit());
    }

    private static @Nullable ChordBackend chords(WorkerSpec spec) {
        return spec.backend() instanceof ChordBackend c ? c : null;
    }

    private static TaskPublisher publisher(WorkerSpec spec) {
        Function<String, @Nullable String> taskQueues = name -> {
            RegisteredTask task = spec.registry().get(name);
            return task == null ? null : task.options().queue();
        };
        return new TaskPublisher(spec.broker().producer(), chords(spec), spec.backend() == null ? "no result backend"
                : spec.backend().describe(), spec.config(), taskQueues, spec.clock());
    }

    /** Remote control for this worker, its commands acting on these parts. */
    public RemoteControl remoteControl(Runnable shutdown) {
        String hostname = spec.hostname();
        return new RemoteControl(hostname, spec.broker().mailbox(), clock, new ControlCommands(
                new ControlCommands.Worker(hostname, spec.config(), spec.registry(), state, revoked, rateLimits,
                        timeLimits, spec.broker(), events, clock, Instant.now(), shutdown, this::storeRevoked)));
    }

    // Mirrors celery/worker/control.py _revoke (Celery 5.7): REVOKED is stored before the reply, so a client that
    // waited for it reads it; not for a task running here, one that already has a result, or one another worker
    // started (STARTED or a custom state such as PROGRESS, which this worker cannot read).
    private @Nullable Void storeRevoked(String taskId) {
        ResultBackend backend = spec.backend();
        if (backend == null || state.activeEntry(taskId) != null) {
            return null;
        }
        try {
            ResultMeta meta = backend.get(taskId);
            if (meta == null || REVOCABLE.contains(meta.status())) {
                backend.store(results.revoked(taskId, "revoked"));
            }
        } catch (RuntimeException e) {
            log.warn("Failed to mark task {} as revoked in backend: {}", taskId, e.toString());
        }
        return null;
    }
}
