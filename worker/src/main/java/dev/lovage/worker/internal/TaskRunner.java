package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.internal.AckPolicy.AckDecision;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import java.time.InstantSource;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one task on its task thread, from start to settled message: the MDC set, expiry and revokes checked, the
 * message acknowledged at start unless acks_late, the task traced ({@link TaskTracer}), the message settled by how it
 * ended ({@link Acknowledger}). Never throws. Thread-safe.
 */
public final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final CeleryConfig config;
    private final TaskTracer tracer;
    private final Acknowledger acks;
    private final RevokedSet revoked;
    private final InstantSource clock;

    TaskRunner(CeleryConfig config, TaskTracer tracer, Acknowledger acks, RevokedSet revoked, InstantSource clock) {
        this.config = config;
        this.tracer = tracer;
        this.acks = acks;
        this.revoked = revoked;
        this.clock = clock;
    }

    /**
     * Runs the task and settles its message; never throws.
     *
     * @return what a redelivered copy of the message should get if the acknowledgement is lost with the connection
     *         (ACK when acknowledged at start), or null when a copy should run (a cold shutdown interrupted it)
     */
    public @Nullable AckDecision run(Delivery delivery, TaskRequest request, RegisteredTask task) {
        TaskHeaders h = request.message().headers();
        AckPolicy.Settings settings = ackSettings(task.options());
        putMdc(h);
        boolean ackedOnStart = false;
        try {
            if (h.isExpired(clock) || revoked.contains(h.id())) {
                return discardRevoked(delivery, request, h.isExpired(clock) ? "expired" : "revoked");
            }
            Map<String, @Nullable Object> byStamp = revoked.stamps().revoking(h.extra());
            if (byStamp != null) {
                log.info("Discarding revoked task: {}[{}] (revoked by header: {})", h.task(), h.id(),
                        PyFormat.repr(byStamp));
                return discardRevoked(delivery, request, "revoked");
            }
            ackedOnStart = acks.onStart(delivery, settings);
            return acks.settle(delivery, tracer.trace(delivery, request, task), settings);
        } catch (BackendException e) {
            log.error("Task {}[{}] could not store its result: {}", h.task(), h.id(), e.getMessage());
            // With acks_late nothing is lost: the broker delivers the task again.
            return acks.settle(delivery, Outcome.BACKEND_FAILED, settings);
        } catch (Throwable t) {
            // Whatever went wrong outside the task's own code (a publish, a listener, an Error) ends this message
            // alone: rejected without requeue unless acknowledged already, the reason logged once.
            log.error("Task {}[{}] could not be completed by the worker: {}", h.task(), h.id(), t.toString(), t);
            return ackedOnStart ? AckDecision.ACK : acks.settle(delivery, Outcome.WORKER_FAILED, settings);
        } finally {
            MDC.clear();
        }
    }

    /** Mirrors Request._announce_revoked: REVOKED stored with TaskRevokedError(reason), chord part counted, acked. */
    public AckDecision discardRevoked(Delivery delivery, TaskRequest request, String reason) {
        tracer.recordRevoked(request, reason);
        acks.settle(delivery, Outcome.REVOKED_BEFORE_START, ackSettings(TaskOptions.DEFAULTS));
        return AckDecision.ACK;
    }

    /** Stops the time-limit timer. */
    public void close() {
        tracer.close();
    }

    AckPolicy.Settings ackSettings(TaskOptions o) {
        return new AckPolicy.Settings(bool(o.acksLate(), config.taskAcksLate()),
                bool(o.acksOnFailureOrTimeout(), config.taskAcksOnFailureOrTimeout()),
                bool(o.rejectOnWorkerLost(), config.taskRejectOnWorkerLost()));
    }

    private static boolean bool(@Nullable Boolean own, boolean inherited) {
        return own != null ? own : inherited;
    }

    private static void putMdc(TaskHeaders h) {
        MDC.put("celery.task_id", h.id());
        MDC.put("celery.task_name", h.task());
        MDC.put("celery.root_id", h.rootId() == null ? "" : h.rootId());
        MDC.put("celery.parent_id", h.parentId() == null ? "" : h.parentId());
        MDC.put("celery.retries", Integer.toString(h.retries()));
    }
}
