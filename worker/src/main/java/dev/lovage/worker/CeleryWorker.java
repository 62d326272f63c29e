package dev.lovage.worker;

import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.internal.Mingle;
import dev.lovage.worker.internal.RemoteControl;
import dev.lovage.worker.internal.TaskEventFollower;
import dev.lovage.worker.internal.WorkerSpec;
import dev.lovage.worker.internal.WorkerWiring;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Celery worker: consumes task messages from its broker, runs the registered Java handlers and stores results where
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
 * closes its broker; it never closes the result backend it was given.
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

    private final WorkerSpec spec;
    private final Broker broker;
    private final WorkerWiring parts;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean cancelled;
    private @Nullable RemoteControl control;

    CeleryWorker(WorkerSpec spec) {
        this.spec = spec;
        this.broker = spec.broker();
        this.parts = new WorkerWiring(spec, () -> cancelled);
    }

    /** A builder for a worker with {@code config}. */
    public static CeleryWorkerBuilder builder(CeleryConfig config) {
        return new CeleryWorkerBuilder(config);
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
        if (spec.mingle()) {
            Mingle.sync(broker.mailbox(), spec.hostname(), parts.revoked, parts.clock);
        }
        parts.handler.watchConnection();
        parts.events.start(spec.heartbeat());
        control = parts.remoteControl(this::shutdown);
        if (spec.receiveTaskEvents()) {
            broker.events().subscribe("task.#", new TaskEventFollower(parts.listeners));
        }
        control.listen();
        try {
            broker.consumer().start(spec.queues(), spec.config().prefetchCount(), parts.handler);
        } catch (RuntimeException e) {
            stopMonitoring();
            abortStart();
            throw e;
        }
        log.info("{} ready.", spec.hostname());
        parts.listeners.fire(l -> l.workerReady(spec.hostname()));
    }

    private void abortStart() {
        state.set(State.TERMINATED);
        parts.pool.shutdownNow();
        broker.close();
        parts.runner.close();
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
        Duration timeout = spec.config().workerShutdownTimeout();
        if (!parts.pool.drain(timeout)) {
            log.warn("Tasks still running after {}s: interrupting them", timeout.toSeconds());
            cancelled = true;
            parts.pool.shutdownNow();
        }
        stopMonitoring();
        broker.close();
        release();
        state.set(State.TERMINATED);
        parts.listeners.fire(l -> l.workerShutdown(spec.hostname()));
        terminated.countDown();
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
        parts.pool.shutdownNow();
        if (previous != State.NEW) {
            stopMonitoring();
            broker.close();
        }
        release();
        parts.listeners.fire(l -> l.workerShutdown(spec.hostname()));
        terminated.countDown();
    }

    private void stopMonitoring() {
        if (control != null) {
            control.close();
        }
        parts.events.close();
    }

    private void release() {
        parts.runner.close();
        if (parts.stores != null) {
            parts.stores.close();
        }
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
        return spec.hostname();
    }

    /**
     * Revokes a task on this worker (Celery's revoked set): if it arrives, or has not started yet, it is discarded
     * with REVOKED stored. Remote control wires {@code celery control revoke} to this.
     */
    public void revoke(String taskId) {
        parts.revoked.add(taskId);
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
        return parts.handler.etaOverflow() > 0 ? Health.DEGRADED : Health.UP;
    }

    /** Tasks held for their eta or rate limit now. */
    public int heldTasks() {
        return parts.handler.heldTasks();
    }

    /**
     * Tasks waiting for their eta or rate limit past {@code worker_eta_task_limit}, in the prefetch slots of ready
     * tasks; while above zero, {@link #health()} is DEGRADED.
     *
     * @since 0.2
     */
    public int etaOverflow() {
        return parts.handler.etaOverflow();
    }

    /** The queues it consumes. */
    public List<String> queues() {
        return spec.queues();
    }

    /** The registered task names, sorted. */
    public Set<String> registeredTasks() {
        return spec.registry().all().keySet();
    }
}
