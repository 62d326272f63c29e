package dev.lovage.worker;

import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.BrokerFactory;
import dev.lovage.protocol.codec.MessageDecoder;
import dev.lovage.worker.internal.DeliveryHandler;
import dev.lovage.worker.internal.Hostnames;
import dev.lovage.worker.internal.ControlCommands;
import dev.lovage.worker.internal.EventDispatcher;
import dev.lovage.worker.internal.LamportClock;
import dev.lovage.worker.internal.Listeners;
import dev.lovage.worker.internal.Mingle;
import dev.lovage.worker.internal.OutOfBandStores;
import dev.lovage.worker.internal.RemoteControl;
import dev.lovage.worker.internal.WorkerState;
import dev.lovage.worker.internal.RateLimits;
import dev.lovage.worker.internal.RevokedSet;
import dev.lovage.worker.internal.RegisteredTask;
import dev.lovage.worker.internal.TaskPool;
import dev.lovage.worker.internal.TaskRegistry;
import dev.lovage.worker.internal.TaskRunner;
import dev.lovage.worker.internal.typed.TypedTasks;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.codec.PyJson;
import java.nio.charset.StandardCharsets;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Celery worker: consumes task messages from RabbitMQ, runs the registered Java handlers and stores results where
 * Python clients read them.
 *
 * <pre>{@code
 * try (CeleryWorker worker = CeleryWorker.builder(config)
 *         .resultBackend(backend)
 *         .task("tasks.add", (ctx, args) -> args.intAt(0) + args.intAt(1))
 *         .build()) {
 *     worker.start();
 *     worker.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Lifecycle: NEW → {@link #start()} → RUNNING → {@link #shutdown()} (warm) → DRAINING → TERMINATED, or
 * {@link #shutdownNow()} (cold) straight to TERMINATED. Repeated shutdown calls do nothing. Thread-safe. The worker
 * closes the broker connection it opens; it never closes the result backend it was given.
 *
 * @since 0.1
 */
public final class CeleryWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CeleryWorker.class);

    /** Where a worker is in its life. */
    public enum State { NEW, RUNNING, DRAINING, TERMINATED }

    /**
     * What {@code /health} reports: UP; DEGRADED while tasks wait for their eta past {@code worker_eta_task_limit}
     * (ready tasks wait behind them); DOWN when not running, not connected or not consuming.
     *
     * @since 0.2
     */
    public enum Health { UP, DEGRADED, DOWN }

    private final CeleryConfig config;
    private final String hostname;
    private final List<String> queues;
    private final TaskRegistry registry;
    private final Broker broker;
    private final @Nullable ResultBackend backend;
    private final Listeners listeners;
    private final TaskPool pool;
    private final DeliveryHandler handler;
    private final TaskRunner runner;
    private final RevokedSet revoked;
    private final WorkerState workerState;
    private final LamportClock clock;
    private final EventDispatcher events;
    private final RateLimits rateLimits = new RateLimits();
    private final @Nullable OutOfBandStores stores;
    private @Nullable RemoteControl control;
    private final boolean receiveTaskEvents;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean cancelled;

    private CeleryWorker(Builder b) {
        this.config = b.config;
        this.hostname = b.hostname;
        this.queues = b.queues.isEmpty() ? List.of(config.taskDefaultQueue()) : List.copyOf(b.queues);
        this.registry = b.registry;
        this.broker = b.broker != null ? b.broker : BrokerFactory.forConfig(config);
        this.backend = b.backend;
        this.receiveTaskEvents = b.receiveTaskEvents;
        this.workerState = new WorkerState(b.clock);
        this.clock = new LamportClock();
        this.events = new EventDispatcher(broker.events(), hostname, clock, workerState, config.workerSendTaskEvents());
        List<WorkerListener> all = new ArrayList<>(List.of(workerState, events));
        all.addAll(b.listeners);
        this.listeners = new Listeners(all);
        broker.onReconnect(() -> listeners.fire(WorkerListener::brokerReconnected));
        this.pool = new TaskPool(config.workerPool(), config.workerConcurrency());
        this.revoked = new RevokedSet(b.clock);
        this.runner = new TaskRunner(config, backend, broker.consumer(), broker.producer(), listeners, hostname,
                b.clock, () -> cancelled, revoked, b.errbacks, name -> {
                    RegisteredTask task = registry.get(name);
                    return task == null ? null : task.options().queue();
                });
        runner.builtins().forEach(registry::registerDefault);
        registry.freeze();
        MessageDecoder decoder = MessageDecoder.create(new DecoderOptions(config.acceptContent(),
                config.workerMaxBodySize(), config.workerMaxBodyDepth(), config.workerMaxBodyItems()));
        registry.all().values().forEach(t -> {
            if (t.options().rateLimit() != null) {
                rateLimits.set(t.name(), t.options().rateLimit());
            }
        });
        this.stores = backend == null ? null : new OutOfBandStores(backend);
        this.handler = new DeliveryHandler(decoder, registry, pool, runner, broker.consumer(), stores, listeners,
                b.clock,                revoked, rateLimits, config.workerEtaTaskLimit());
    }

    /** A builder for a worker with {@code config}. */
    public static Builder builder(CeleryConfig config) {
        return new Builder(config);
    }

    /**
     * Connects (retrying as {@code broker_connection_retry_on_startup} says), then starts in Celery's order (the
     * consumer bootsteps of celery/worker/consumer/consumer.py): mingle, events, remote control, and only then task
     * consumption (queues declared, {@code basic.qos} set); "ready" is logged last.
     *
     * @throws IllegalStateException if already started
     * @throws BrokerException if the broker cannot be reached or the queues cannot be consumed
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("start() needs a NEW worker; this one is " + state.get());
        }
        try {
            broker.connect();
        } catch (RuntimeException e) {
            abortStart();
            throw e;
        }
        // Mirrors mingle: learn the revokes the other workers hold before taking tasks.
        Mingle.sync(broker.mailbox(), hostname, revoked, clock);
        handler.watchConnection();
        events.start();
        control = new RemoteControl(hostname, broker.mailbox(), clock, new ControlCommands(new ControlCommands.Worker(
                hostname, config, registry, workerState, revoked, rateLimits, runner.timeLimits(), broker, events, clock,
                Instant.now(), this::shutdown, this::storeRevoked)));
        if (receiveTaskEvents) {
            broker.events().subscribe("task.#", this::onTaskEvents);
        }
        try {
            broker.mailbox().listen(hostname, control::accept);
        } catch (BrokerException e) {
            // Mirrors Celery's W_PIDBOX_IN_USE: warn and serve tasks without remote control.
            log.warn("A node named {} is already using this process mailbox! Did you forget to shut the other node "
                    + "down, or mean to start several nodes? Give each a unique node name (-n). Remote control is "
                    + "off for this worker: {}", hostname, e.getMessage());
        }
        try {
            broker.consumer().start(queues, config.prefetchCount(), handler);
        } catch (RuntimeException e) {
            stopMonitoring();
            abortStart();
            throw e;
        }
        log.info("{} ready.", hostname);
        listeners.fire(l -> l.workerReady(hostname));
    }

    private void abortStart() {
        state.set(State.TERMINATED);
        pool.shutdownNow();
        broker.close();
        runner.close();
        terminated.countDown();
    }

    /**
     * Warm shutdown: stop consuming, let running tasks finish (up to {@code worker_shutdown_timeout}), flush
     * acknowledgements, close. Messages received but not started go back to the broker. Blocks until done.
     */
    public void shutdown() {
        if (!state.compareAndSet(State.RUNNING, State.DRAINING)) {
            state.compareAndSet(State.NEW, State.TERMINATED);
            terminated.countDown();
            return;
        }
        log.warn("worker: Warm shutdown (MainProcess)");
        broker.consumer().stop();
        if (!pool.drain(config.workerShutdownTimeout())) {
            log.warn("Tasks still running after {}s: interrupting them", config.workerShutdownTimeout().toSeconds());
            cancelled = true;
            pool.shutdownNow();
        }
        finish();
    }

    /**
     * Cold shutdown: interrupt running tasks and close at once. Messages not yet acknowledged (acks_late) are
     * redelivered by the broker.
     */
    public void shutdownNow() {
        State previous = state.getAndSet(State.TERMINATED);
        if (previous == State.TERMINATED) {
            return;
        }
        log.warn("worker: Cold shutdown (MainProcess)");
        cancelled = true;
        pool.shutdownNow();
        if (previous != State.NEW) {
            stopMonitoring();
            broker.close();
        }
        runner.close();
        if (stores != null) {
            stores.close();
        }
        listeners.fire(l -> l.workerShutdown(hostname));
        terminated.countDown();
    }

    private void onTaskEvents(byte[] body) {
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
                listeners.fire(l -> l.remoteTaskSucceeded(id));
            }
        }
    }

    // Off the control thread and bounded: a burst of revokes while Redis is away must not stop remote control.
    private @Nullable Void storeRevoked(String taskId) {
        if (stores != null) {
            stores.store(new ResultMeta(taskId, TaskState.REVOKED,
                    ExceptionInfo.of("celery.exceptions", "TaskRevokedError", "revoked"), null, List.of(),
                    Instant.now(), null, null, null), "REVOKED");
        }
        return null;
    }

    private void stopMonitoring() {
        if (control != null) {
            control.close();
        }
        events.close();
    }

    private void finish() {
        stopMonitoring();
        broker.close();
        runner.close();
        if (stores != null) {
            stores.close();
        }
        state.set(State.TERMINATED);
        listeners.fire(l -> l.workerShutdown(hostname));
        terminated.countDown();
    }

    /** Waits until the worker has terminated. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Waits up to {@code timeout}; true if the worker terminated. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Warm shutdown, then cold if that did not finish. Idempotent. */
    @Override
    public void close() {
        shutdown();
        shutdownNow();
    }

    public State state() {
        return state.get();
    }

    /** This worker's node name, such as {@code celery@host}. */
    public String hostname() {
        return hostname;
    }

    /**
     * Revokes a task on this worker (Celery's revoked set): if it arrives, or has not started yet, it is discarded
     * with REVOKED stored. Remote control wires {@code celery control revoke} to this.
     */
    public void revoke(String taskId) {
        revoked.add(taskId);
    }

    /** True unless {@link #health()} is DOWN. */
    public boolean isHealthy() {
        return health() != Health.DOWN;
    }

    /**
     * DOWN unless running, connected and consuming; DEGRADED while tasks wait for their eta past
     * {@code worker_eta_task_limit}; else UP. What {@code /health} reports (and the Docker image's health check).
     *
     * @since 0.2
     */
    public Health health() {
        if (state.get() != State.RUNNING || !broker.consumer().isConsuming()) {
            return Health.DOWN;
        }
        return handler.etaOverflow() > 0 ? Health.DEGRADED : Health.UP;
    }

    /** Tasks held for their eta or rate limit now. */
    public int heldTasks() {
        return handler.heldTasks();
    }

    /**
     * Tasks waiting for their eta or rate limit past {@code worker_eta_task_limit}, in the prefetch slots of ready
     * tasks; while above zero, {@link #health()} is DEGRADED.
     *
     * @since 0.2
     */
    public int etaOverflow() {
        return handler.etaOverflow();
    }

    /** The queues it consumes. */
    public List<String> queues() {
        return queues;
    }

    /** The registered task names, sorted. */
    public Set<String> registeredTasks() {
        return registry.all().keySet();
    }

    /**
     * Collects tasks, listeners and collaborators. Registration is only possible here, before {@link #build()}.
     * Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final CeleryConfig config;
        private final TaskRegistry registry = new TaskRegistry();
        private final List<WorkerListener> listeners = new ArrayList<>();
        private final List<String> queues = new ArrayList<>();
        private final Map<String, ErrbackHandler> errbacks = new LinkedHashMap<>();
        private boolean receiveTaskEvents;
        private String hostname = Hostnames.defaultNodeName();
        private @Nullable ResultBackend backend;
        private @Nullable Broker broker;
        private InstantSource clock = InstantSource.system();
        private boolean built;

        private Builder(CeleryConfig config) {
            this.config = config;
        }

        /** Registers {@code handler} under {@code name} with default options. */
        public Builder task(String name, TaskHandler handler) {
            return task(name, TaskOptions.DEFAULTS, handler);
        }

        /**
         * Registers {@code handler} under {@code name}.
         *
         * @throws TaskRegistrationException if the name is taken or the worker was built
         */
        public Builder task(String name, TaskOptions options, TaskHandler handler) {
            return register(new RegisteredTask(name, options, handler));
        }

        /**
         * Registers the {@link CeleryTask} methods of each object, each under its annotation's name. This is
         * explicit registration, not scanning: only these objects' classes are read, once, here.
         *
         * @throws TaskRegistrationException if a name is taken, a method cannot be bound (not public, unnamed
         *     parameters without {@code -parameters}, a bad option), an object has no such method, or the worker
         *     was built
         */
        public Builder tasks(Object... targets) {
            for (Object target : targets) {
                TypedTasks.of(target).forEach(this::register);
            }
            return this;
        }

        /**
         * Registers a typed task defined as a value.
         *
         * @throws TaskRegistrationException if the name is taken, the definition cannot be bound, or the worker
         *     was built
         */
        public Builder task(TaskDef<?, ?> definition) {
            return register(TypedTasks.of(definition));
        }

        private Builder register(RegisteredTask task) {
            if (built) {
                throw new TaskRegistrationException("cannot register '" + task.name() + "' after build()");
            }
            registry.register(task);
            return this;
        }

        /**
         * Registers an in-process errback under {@code name}: when a task whose {@code link_error} names it fails
         * on this worker, the handler is called here instead of a message being published.
         */
        public Builder errback(String name, ErrbackHandler handler) {
            if (built) {
                throw new TaskRegistrationException("cannot register '" + name + "' after build()");
            }
            errbacks.put(name, handler);
            return this;
        }

        /** Receive the cluster's task events, for listeners that follow other workers' tasks (chord cleanup). */
        public Builder receiveTaskEvents(boolean on) {
            this.receiveTaskEvents = on;
            return this;
        }

        /**
         * The handler registered under {@code name} so far, or null: a typed task as the worker calls it, with a
         * message's args and kwargs bound as Python binds them, for testing a task (or measuring it) without a
         * broker.
         */
        public @Nullable TaskHandler handler(String name) {
            RegisteredTask task = registry.get(name);
            return task == null ? null : task.handler();
        }

        /** The task names registered so far. */
        public Set<String> registeredNames() {
            return registry.all().keySet();
        }

        /** Lets {@code app} register its tasks ({@code -A}). */
        public Builder app(TaskApp app) {
            app.register(this);
            return this;
        }

        /** The result backend; borrowed, never closed by the worker. Without one, results are not stored. */
        public Builder resultBackend(@Nullable ResultBackend backend) {
            this.backend = backend;
            return this;
        }

        public Builder listener(WorkerListener listener) {
            listeners.add(listener);
            return this;
        }

        /** The node name ({@code -n}); {@code %h} expands to the host name. */
        public Builder hostname(String template) {
            this.hostname = Hostnames.expand(template, Hostnames.localHost());
            return this;
        }

        /** The queues to consume ({@code -Q}); the default is {@code task_default_queue}. */
        public Builder queues(List<String> names) {
            queues.clear();
            queues.addAll(names);
            return this;
        }

        /** For tests: the clock every time decision reads. */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The broker to use instead of the one {@code broker_url} names (found with {@link BrokerFactory}). The worker
         * takes it over: it connects it at {@link CeleryWorker#start()} and closes it at shutdown, because only the
         * worker knows when the deliveries it holds may go back to the broker.
         */
        public Builder broker(Broker broker) {
            this.broker = broker;
            return this;
        }

        public CeleryWorker build() {
            if (built) {
                throw new IllegalStateException("build() was already called");
            }
            built = true;
            return new CeleryWorker(this);
        }
    }
}
