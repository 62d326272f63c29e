package dev.lovage.worker;

import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.BrokerFactory;
import dev.lovage.worker.internal.Hostnames;
import dev.lovage.worker.internal.RegisteredTask;
import dev.lovage.worker.internal.TaskRegistry;
import dev.lovage.worker.internal.WorkerSpec;
import dev.lovage.worker.internal.typed.TypedTasks;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects tasks, listeners and collaborators. Registration is only possible here, before {@link #build()}.
 * Not thread-safe.
 *
 * @since 0.1
 */
public final class CeleryWorkerBuilder {
    private final CeleryConfig config;
    private final TaskRegistry registry = new TaskRegistry();
    private final List<WorkerListener> listeners = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private final Map<String, ErrbackHandler> errbacks = new LinkedHashMap<>();
    private boolean receiveTaskEvents;
    private boolean mingle = true;
    private boolean heartbeat = true;
    private String hostname = Hostnames.defaultNodeName();
    private @Nullable ResultBackend backend;
    private @Nullable Broker broker;
    private InstantSource clock = InstantSource.system();
    private boolean built;

    CeleryWorkerBuilder(CeleryConfig config) {
        this.config = config;
    }

    /** Registers {@code handler} under {@code name} with default options. */
    public CeleryWorkerBuilder task(String name, TaskHandler handler) {
        return task(name, TaskOptions.DEFAULTS, handler);
    }

    /**
     * Registers {@code handler} under {@code name}.
     *
     * @throws TaskRegistrationException if the name is taken or the worker was built
     */
    public CeleryWorkerBuilder task(String name, TaskOptions options, TaskHandler handler) {
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
    public CeleryWorkerBuilder tasks(Object... targets) {
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
    public CeleryWorkerBuilder task(TaskDef<?, ?> definition) {
        return register(TypedTasks.of(definition));
    }

    private CeleryWorkerBuilder register(RegisteredTask task) {
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
    public CeleryWorkerBuilder errback(String name, ErrbackHandler handler) {
        if (built) {
            throw new TaskRegistrationException("cannot register '" + name + "' after build()");
        }
        errbacks.put(name, handler);
        return this;
    }

    /** Receive the cluster's task events, for listeners that follow other workers' tasks (chord cleanup). */
    public CeleryWorkerBuilder receiveTaskEvents(boolean on) {
        this.receiveTaskEvents = on;
        return this;
    }

    /**
     * Mingle at start (default on): ask the other workers for their revoked task ids and logical clock, waiting up
     * to a second for replies. Off is {@code celery worker --without-mingle}: a faster start, without the revokes.
     */
    public CeleryWorkerBuilder mingle(boolean on) {
        this.mingle = on;
        return this;
    }

    /**
     * Send a {@code worker-heartbeat} event every 2 s (default on), as monitors (Flower) and other workers expect.
     * Off is {@code celery worker --without-heartbeat}; worker-online and worker-offline are still sent.
     */
    public CeleryWorkerBuilder heartbeat(boolean on) {
        this.heartbeat = on;
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
    public CeleryWorkerBuilder app(TaskApp app) {
        app.register(this);
        return this;
    }

    /** The result backend; borrowed, never closed by the worker. Without one, results are not stored. */
    public CeleryWorkerBuilder resultBackend(@Nullable ResultBackend backend) {
        this.backend = backend;
        return this;
    }

    public CeleryWorkerBuilder listener(WorkerListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The node name ({@code -n}); {@code %h} expands to the host name. */
    public CeleryWorkerBuilder hostname(String template) {
        this.hostname = Hostnames.expand(template, Hostnames.localHost());
        return this;
    }

    /** The queues to consume ({@code -Q}); the default is {@code task_default_queue}. */
    public CeleryWorkerBuilder queues(List<String> names) {
        queues.clear();
        queues.addAll(names);
        return this;
    }

    /** For tests: the clock every time decision reads. */
    public CeleryWorkerBuilder clock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    /**
     * The broker to use instead of the one {@code broker_url} names (found with {@link BrokerFactory}). The worker
     * takes it over: it connects it at {@link CeleryWorker#start()} and closes it at shutdown, because only the
     * worker knows when the deliveries it holds may go back to the broker.
     */
    public CeleryWorkerBuilder broker(Broker broker) {
        this.broker = broker;
        return this;
    }

    /**
     * The worker, not started. Registration ends here.
     *
     * @throws IllegalStateException if called twice
     * @throws ConfigException if no broker module serves {@code broker_url}'s scheme
     */
    public CeleryWorker build() {
        if (built) {
            throw new IllegalStateException("build() was already called");
        }
        built = true;
        List<String> consumed = queues.isEmpty() ? List.of(config.taskDefaultQueue()) : List.copyOf(queues);
        return new CeleryWorker(new WorkerSpec(config, hostname, consumed, registry, List.copyOf(listeners),
                Map.copyOf(errbacks), backend, broker != null ? broker : BrokerFactory.forConfig(config), clock,
                receiveTaskEvents, mingle, heartbeat));
    }
}
