package dev.lovage.client;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.client.internal.ClientCore;
import dev.lovage.protocol.CanvasPlanner;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskRoutes;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.BrokerFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sends Celery tasks and canvases from Java to any Celery worker, and reads their results: what a Python app's
 * {@code add.delay(2, 3)}, {@code chain(...).apply_async()} and {@code AsyncResult(id).get()} do, publishing exactly
 * the messages Python Celery 5.7 publishes for the same call.
 *
 * <pre>{@code
 * try (CeleryClient celery = CeleryClient.connect(CeleryConfig.fromEnv())) {   // CELERY_BROKER_URL, CELERY_RESULT_BACKEND
 *     AsyncResult sum = celery.send("tasks.add", 2, 3);
 *     System.out.println(sum.get(Duration.ofSeconds(10)));                  // 5
 * }
 * }</pre>
 *
 * <p>The broker is found from {@code broker_url} through the broker seam ({@code amqp://} built in; add
 * {@code lovage-broker-redis} for {@code redis://}) and connected on the first publish; the result backend
 * ({@code result_backend}, Redis) is connected when the client is built. Routing follows {@code task_routes} and
 * {@code task_default_queue}. A client needs no worker: none is started.
 *
 * <p>Thread-safe: one broker connection and one Redis client (plus one Pub/Sub connection once a result is awaited)
 * serve every thread; nothing is opened per call. Ownership: {@link #close()} closes what the client created; a
 * broker or backend given to the {@link Builder} is borrowed and left open.
 *
 * @since 0.2
 */
public final class CeleryClient implements AutoCloseable {
    private final ClientCore core;

    private CeleryClient(ClientCore core) {
        this.core = core;
    }

    /**
     * A client with the broker and result backend of {@code config}.
     *
     * @throws dev.lovage.worker.ConfigException  when no broker transport supports {@code broker_url}
     * @throws dev.lovage.worker.BackendException when {@code result_backend} is set but Redis cannot be reached
     */
    public static CeleryClient connect(CeleryConfig config) {
        return builder(config).build();
    }

    /** A builder starting from {@code config}'s URLs, routes and settings. */
    public static Builder builder(CeleryConfig config) {
        return new Builder(config);
    }

    /**
     * {@code app.send_task(name, args)} / {@code task.delay(*args)}: publishes one task.
     *
     * @throws IllegalArgumentException          when an argument cannot be serialized (nothing is published)
     * @throws dev.lovage.worker.BrokerException when the broker stays unreachable through the publish retries
     */
    public AsyncResult send(String task, @Nullable Object... args) {
        return (AsyncResult) apply(Signature.of(task, args));
    }

    /** {@code task.delay(*args, **kwargs)}. */
    public AsyncResult send(String task, List<?> args, Map<String, ?> kwargs) {
        return (AsyncResult) apply(Signature.of(task, args, kwargs));
    }

    /**
     * {@code sig.apply_async()}: publishes a task or a canvas as Python Celery does, and returns where its result
     * will be: an {@link AsyncResult} for a task, chain or chord, a {@link GroupResult} for a group.
     *
     * @throws IllegalArgumentException          when an argument cannot be serialized; nothing is published
     * @throws IllegalStateException             for a chord when there is no result backend that joins chords
     * @throws dev.lovage.worker.BrokerException when the broker stays unreachable through the publish retries
     */
    public CeleryResult apply(Signature sig) {
        return apply(sig, List.of(), Map.of(), Map.of());
    }

    /**
     * {@code sig.apply_async(args, kwargs, **options)}: partial args go in front of the signature's own (unless it
     * is immutable), kwargs are merged, and the options ({@code countdown}, {@code queue}, {@code link}... under
     * Celery's names) are merged over the signature's.
     */
    public CeleryResult apply(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
        ResultRef ref = core.apply(sig, args, kwargs, options, null);
        boolean plain = !sig.isChain() && !sig.isGroup() && !sig.isChord();
        return Results.of(core, ref, plain ? sig.task() : null);
    }

    /** {@code app.AsyncResult(id)}: the result of a task applied anywhere. */
    public AsyncResult asyncResult(String taskId) {
        return new AsyncResult(core, taskId, null, null);
    }

    /** {@code app.GroupResult(id, [AsyncResult(i) ...])}: a group result from ids, for example to {@code save()}. */
    public GroupResult groupResult(String groupId, List<String> taskIds) {
        return new GroupResult(core, groupId, taskIds.stream().map(this::asyncResult).map(CeleryResult.class::cast)
                .toList(), null);
    }

    /**
     * {@code GroupResult.restore(id)}: a group saved by {@link GroupResult#save()} or by Python, or null.
     *
     * @throws IllegalStateException when the client has no result backend
     */
    public @Nullable GroupResult restoreGroup(String groupId) {
        ResultRef ref = core.requireBackend().restoreGroup(groupId);
        return ref == null ? null : (GroupResult) Results.of(core, ref, null);
    }

    /** {@code app.control.revoke(task_id, terminate=terminate)}. */
    public void revoke(String taskId, boolean terminate) {
        core.revoke(List.of(taskId), terminate, "SIGTERM");
    }

    /** The broker this client publishes to, for logs: its URL with the password masked. */
    public String describeBroker() {
        return core.broker().describe();
    }

    /** Closes the broker connection and result backend the client created. Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    /**
     * Builds a {@link CeleryClient}. Not thread-safe; build once and share the client.
     *
     * @since 0.2
     */
    public static final class Builder {
        private final CeleryConfig config;
        private @Nullable Broker broker;
        private @Nullable ResultBackend backend;
        private boolean backendGiven;
        private InstantSource clock = InstantSource.system();
        private int taskProtocol = 2;
        private boolean publishRetry = true;
        private PublishRetryPolicy policy = PublishRetryPolicy.CELERY_DEFAULT;

        private Builder(CeleryConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        /** A broker to publish through (borrowed: the client never closes it, and expects it connected). */
        public Builder broker(Broker v) {
            broker = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The result backend to read results from (borrowed); null for none. A {@link RedisResultBackend} is waited
         * on by Pub/Sub, any other backend by polling.
         */
        public Builder resultBackend(@Nullable ResultBackend v) {
            backend = v;
            backendGiven = true;
            return this;
        }

        /** {@code task_protocol}: 2 (default), or 1 for workers that need the old message format. */
        public Builder taskProtocol(int v) {
            taskProtocol = v;
            return this;
        }

        /** {@code task_publish_retry}: retry publishing while the broker is unreachable (default true). */
        public Builder publishRetry(boolean v) {
            publishRetry = v;
            return this;
        }

        /** {@code task_publish_retry_policy} (default Celery's: 3 retries, 0 s, 0.2 s, 0.2 s apart). */
        public Builder publishRetryPolicy(PublishRetryPolicy v) {
            policy = Objects.requireNonNull(v);
            return this;
        }

        /** The clock that turns countdown and expires into times. */
        public Builder clock(InstantSource v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        public CeleryClient build() {
            CanvasPlanner planner = CanvasPlanner.builder()
                    .routes(TaskRoutes.of(config.taskRoutes(), config.taskDefaultQueue()))
                    .taskProtocol(taskProtocol).clock(clock)
                    .origin("gen" + ProcessHandle.current().pid() + "@" + hostName()).build();
            // The client connects on its first publish and retries as task_publish_retry_policy says, as a Celery
            // producer does, rather than blocking at start for broker_connection_max_retries.
            Broker b = broker != null ? broker
                    : BrokerFactory.forConfig(config.toBuilder().brokerConnectionRetryOnStartup(false).build());
            ResultBackend rb = backend;
            boolean ownsBackend = false;
            if (!backendGiven && config.resultBackend() != null) {
                try {
                    rb = RedisResultBackend.connect(config);
                    ownsBackend = true;
                } catch (RuntimeException e) {
                    if (broker == null) {
                        b.close();
                    }
                    throw e;
                }
            }
            return new CeleryClient(new ClientCore(planner, b, broker == null, rb, ownsBackend, policy,
                    publishRetry));
        }

        private static String hostName() {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                return env;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
