package dev.lovage.client.internal;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.backend.redis.RedisResultConsumer;
import dev.lovage.client.PublishRetryPolicy;
import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.CanvasPlanner;
import dev.lovage.protocol.PlanStep;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskParent;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CanvasPublisher;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.broker.Broker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a client holds: the canvas planner, one broker (through the seam) and one result backend, and the publish
 * retry policy. Plans are performed step by step in Celery's order; every message of a plan is encoded before the
 * first is sent. Thread-safe.
 */
public final class ClientCore implements AutoCloseable {
    private final CanvasPlanner planner;
    private final Broker broker;
    private final boolean ownsBroker;
    private final @Nullable ResultBackend backend;
    private final boolean ownsBackend;
    private final ResultWaiter waiter;
    private final PublishRetry retry;
    private final PublishRetryPolicy policy;
    private final CanvasPublisher publisher;
    private volatile boolean connected;

    public ClientCore(CanvasPlanner planner, Broker broker, boolean ownsBroker, @Nullable ResultBackend backend,
            boolean ownsBackend, PublishRetryPolicy policy, boolean publishRetry) {
        this.planner = planner;
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.policy = publishRetry ? policy : PublishRetryPolicy.NONE;
        this.retry = new PublishRetry(broker.describe());
        this.waiter = backend instanceof RedisResultBackend redis
                ? new ResultWaiter.PubSub(RedisResultConsumer.create(redis))
                : backend == null ? ResultWaiter.NONE : new ResultWaiter.Polling(backend);
        // A borrowed broker is its owner's to connect.
        this.connected = !ownsBroker;
        this.publisher = new CanvasPublisher(this::publish, backend instanceof ChordBackend c ? c : null,
                backend == null ? "no result backend (set result_backend to a redis:// URL)" : backend.describe());
    }

    /** {@code sig.apply_async(args, kwargs, **options)}, published from {@code parent} when not null. */
    public ResultRef apply(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options,
            @Nullable TaskParent parent) {
        CanvasPlan plan = planner.plan(sig, args, kwargs, options, parent);
        perform(plan);
        return plan.result();
    }

    /**
     * Performs {@code plan} with {@link CanvasPublisher} (publishes, chord sizes and saved headers, in order), each
     * publish through the retry policy, connecting first when needed.
     */
    public void perform(CanvasPlan plan) {
        publisher.perform(plan);
    }

    private void publish(PlanStep.Publish p) {
        PublishRetryPolicy applied = p.retry() ? policy.merge(p.retryPolicy()) : PublishRetryPolicy.NONE;
        String what = "publish " + p.message().headers().task() + "[" + p.taskId() + "]";
        retry.run(what, applied, () -> {
            ensureConnected();
            CanvasPublisher.send(broker.producer(), p);
        });
    }

    private void ensureConnected() {
        if (!connected) {
            synchronized (this) {
                if (!connected) {
                    broker.connect();
                    connected = true;
                }
            }
        }
    }

    /**
     * Broadcasts a revoke for {@code ids} ({@code app.control.revoke}).
     *
     * @throws BrokerException when the broker cannot be reached
     */
    public void revoke(List<String> ids, boolean terminate, String signal) {
        Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
        arguments.put("task_id", ids.size() == 1 ? ids.get(0) : ids);
        arguments.put("terminate", terminate);
        arguments.put("signal", signal);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "revoke");
        request.put("arguments", arguments);
        request.put("destination", null);
        request.put("pattern", null);
        request.put("matcher", null);
        retry.run("revoke " + ids, policy, () -> {
            ensureConnected();
            if (!broker.isConnected()) {
                throw new BrokerException("not connected to " + broker.describe(), null, true);
            }
            broker.mailbox().broadcast(request, Duration.ZERO);
        });
    }

    /** The stored result of {@code id}, or null (PENDING). */
    public @Nullable ResultMeta meta(String id) {
        return requireBackend().get(id);
    }

    /** The ready result of {@code id} within {@code timeout}, or null. */
    public @Nullable ResultMeta await(String id, Duration timeout) {
        requireBackend();
        return waiter.await(id, timeout);
    }

    /** The stored result of {@code id} now, read once without retries (for checks while waiting), or null. */
    public @Nullable ResultMeta peek(String id) {
        requireBackend();
        return waiter.peek(id);
    }

    public void forget(String id) {
        requireBackend().forget(id);
    }

    public ResultBackend requireBackend() {
        if (backend == null) {
            throw new IllegalStateException("no result backend is configured: set result_backend (a redis:// URL)"
                    + " to read results");
        }
        return backend;
    }

    /** The backend's description, for messages. */
    public String describeBackend() {
        return backend == null ? "(no result backend)" : backend.describe();
    }

    public Broker broker() {
        return broker;
    }

    @Override
    public void close() {
        waiter.close();
        if (ownsBroker) {
            broker.close();
        }
        if (ownsBackend && backend instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing a Redis client does not fail in a way the caller could act on.
            }
        }
    }
}
