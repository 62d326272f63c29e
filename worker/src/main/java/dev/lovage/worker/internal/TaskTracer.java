package dev.lovage.worker.internal;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.TimeLimit;
import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.TaskSignal;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's code and records what came of it, as celery/app/trace.py {@code build_tracer} does: STARTED when
 * tracked, the handler under its time limits, then the success (callbacks and the next chain step published, the
 * result stored, the chord part counted), the retry ({@link RetryPolicy}), the failure (errbacks), the timeout or the
 * revoke, each with Celery's log line and the listeners told. Returns how the task ended; the message is settled by
 * the caller. Thread-safe; one call per run, on the task thread.
 */
final class TaskTracer {
    private static final Logger log = LoggerFactory.getLogger(TaskTracer.class);

    private final CeleryConfig config;
    private final ResultWriter writer;
    private final ResultFactory results;
    private final Workflow workflow;
    private final TaskPublisher publisher;
    private final RetryPublisher retries;
    private final Listeners listeners;
    private final RevokedSet revoked;
    private final TimeLimitPolicy limits;
    private final TimeLimits timer = new TimeLimits();
    private final String hostname;
    private final BooleanSupplier cancelled;

    TaskTracer(CeleryConfig config, ResultWriter writer, ResultFactory results, Workflow workflow,
            TaskPublisher publisher, RetryPublisher retries, Listeners listeners, RevokedSet revoked,
            TimeLimitPolicy limits, String hostname, BooleanSupplier cancelled) {
        this.config = config;
        this.writer = writer;
        this.results = results;
        this.workflow = workflow;
        this.publisher = publisher;
        this.retries = retries;
        this.listeners = listeners;
        this.revoked = revoked;
        this.limits = limits;
        this.hostname = hostname;
        this.cancelled = cancelled;
    }

    /** Runs {@code task} for {@code request}; a failed result store is thrown as {@link BackendException}. */
    Outcome trace(Delivery delivery, TaskRequest request, RegisteredTask task) {
        TaskHeaders h = request.message().headers();
        boolean ignoreResult = h.ignoreResult() || bool(task.options().ignoreResult(), config.taskIgnoreResult());
        if (!ignoreResult && bool(task.options().trackStarted(), config.taskTrackStarted())) {
            writer.store(results.started(request));
        }
        listeners.fire(l -> l.taskPrerun(request));
        long start = System.nanoTime();
        AtomicBoolean softPassed = new AtomicBoolean();
        RequestContext ctx = new RequestContext(request, task.options(), hostname, cancelled, softPassed::get,
                publisher);
        TaskArgs args = new TaskArgs(request.message().body().args(), request.message().body().kwargs());
        TimeLimit limit = limits.limitsFor(h, task.options());
        try {
            Object value = limit.hard() == null && limit.soft() == null ? task.handler().handle(ctx, args)
                    : timer.call(() -> task.handler().handle(ctx, args), limit.hard(), limit.soft(), softPassed);
            Duration runtime = Duration.ofNanos(System.nanoTime() - start);
            // Like trace.py: callbacks and the next chain step go out before the result is stored, so that the
            // stored result lists them as children; what the task sent itself comes first (request.children).
            List<@Nullable Object> children = ctx.children();
            children.addAll(workflow.onSuccess(request, value));
            if (!ignoreResult) {
                writer.store(results.success(request, value, children));
            }
            workflow.onChordPart(request, TaskState.SUCCESS, value);
            if (log.isInfoEnabled()) {
                log.info("Task {}[{}] succeeded in {}s: {}", h.task(), h.id(), seconds(runtime), PyFormat.repr(value));
            }
            listeners.fire(l -> l.taskSuccess(request, value, runtime));
            return Outcome.SUCCESS;
        } catch (TaskSignal.Retry retry) {
            return retry(delivery, request, task, retry, ignoreResult);
        } catch (TaskSignal.Reject reject) {
            log.info("Task {}[{}] reject requeue={}", h.task(), h.id(), reject.requeue() ? "True" : "False");
            listeners.fire(l -> l.taskRejected(request, reject.requeue()));
            if (!reject.requeue()) {
                // Mirrors celery/worker/request.py on_failure (Celery 5.7, issue #4222): a message rejected for
                // good records FAILURE Reject(reason, False), so the task does not stay PENDING forever.
                fail(request, new PythonException("celery.exceptions", "Reject", reject.reason(), false),
                        ignoreResult, Duration.ofNanos(System.nanoTime() - start));
            }
            return reject.requeue() ? Outcome.REJECT_REQUEUE : Outcome.REJECT;
        } catch (TaskSignal.Ignore ignore) {
            return Outcome.IGNORED;
        } catch (BackendException e) {
            throw e;
        } catch (TimeLimits.HardLimitExceeded e) {
            return timeout(request, e.limit(), ignoreResult);
        } catch (Throwable thrown) {
            return thrown(delivery, request, task, thrown, softPassed.get(), ignoreResult,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            listeners.fire(l -> l.taskPostrun(request, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    private Outcome thrown(Delivery delivery, TaskRequest request, RegisteredTask task, Throwable thrown,
            boolean softPassed, boolean ignoreResult, Duration runtime) {
        TaskHeaders h = request.message().headers();
        Throwable error = softPassed && (thrown instanceof InterruptedException
                || thrown instanceof SoftTimeLimitExceeded)
                ? new SoftTimeLimitExceeded("SoftTimeLimitExceeded()") : thrown;
        TaskSignal.Retry autoretry = RetryPolicy.autoretry(task.options(), error, h.retries());
        if (autoretry != null) {
            return retry(delivery, request, task, autoretry, ignoreResult);
        }
        if (thrown instanceof InterruptedException && revoked.contains(h.id())) {
            // Mirrors a revoke with terminate: REVOKED('terminated'), not a failure.
            Thread.interrupted();
            recordRevoked(request, "terminated");
            return Outcome.REVOKED;
        }
        if (error instanceof InterruptedException && cancelled.getAsBoolean()) {
            Thread.currentThread().interrupt();
            log.warn("Task {}[{}] interrupted by a cold shutdown", h.task(), h.id());
            return Outcome.COLD_SHUTDOWN;
        }
        if (error instanceof Error e && !(error instanceof AssertionError || error instanceof StackOverflowError
                || error instanceof OutOfMemoryError)) {
            throw e;
        }
        fail(request, error, ignoreResult, runtime);
        return Outcome.FAILURE;
    }

    private Outcome retry(Delivery delivery, TaskRequest request, RegisteredTask task, TaskSignal.Retry retry,
            boolean ignoreResult) {
        TaskHeaders h = request.message().headers();
        Throwable exhausted = RetryPolicy.exhausted(retry, task.options(), h, request.message().body());
        if (exhausted != null) {
            fail(request, exhausted, ignoreResult, Duration.ZERO);
            return Outcome.FAILURE;
        }
        try {
            retries.publish(delivery, request, retry);
        } catch (BrokerException e) {
            // Mirrors celery/app/task.py Task.retry: a retry that cannot be sent becomes Reject(requeue=False).
            log.error("Task {}[{}] retry could not be sent: {}", h.task(), h.id(), e.getMessage());
            listeners.fire(l -> l.taskRejected(request, false));
            return Outcome.REJECT;
        }
        ExceptionInfo info = retry.getCause() == null ? null : ExceptionMapper.toInfo(retry.getCause());
        if (!ignoreResult || config.taskStoreErrorsEvenIfIgnored()) {
            writer.store(results.retry(request, info, info == null ? null : Tracebacks.format(retry.getCause(), info)));
        }
        log.warn("Task {}[{}] retry: {}", h.task(), h.id(), retry.getMessage());
        listeners.fire(l -> l.taskRetry(request, retry));
        return Outcome.RETRY;
    }

    private Outcome timeout(TaskRequest request, Duration hard, boolean ignoreResult) {
        TaskHeaders h = request.message().headers();
        // Mirrors celery/worker/request.py on_timeout: FAILURE TimeLimitExceeded(<hard limit>). Celery re-exports
        // billiard's class, so that is the module a Python worker stores.
        Object seconds = PyFormat.seconds(hard);
        ExceptionInfo info = new ExceptionInfo("TimeLimitExceeded", List.of(seconds), "billiard.exceptions");
        log.error("Hard time limit ({}s) exceeded for {}[{}]", seconds, h.task(), h.id());
        ResultMeta failure = results.failure(request, info, "Traceback (most recent call last):\n"
                + "billiard.exceptions.TimeLimitExceeded: TimeLimitExceeded(" + seconds + ",)\n");
        if (!ignoreResult || config.taskStoreErrorsEvenIfIgnored()) {
            writer.store(failure);
        }
        workflow.onChordPart(request, TaskState.FAILURE, info);
        return Outcome.TIMEOUT;
    }

    private void fail(TaskRequest request, Throwable error, boolean ignoreResult, Duration runtime) {
        TaskHeaders h = request.message().headers();
        ExceptionInfo info = ExceptionMapper.toInfo(error);
        ResultMeta failure = results.failure(request, info, Tracebacks.format(error, info));
        if (!ignoreResult || config.taskStoreErrorsEvenIfIgnored()) {
            writer.store(failure);
        }
        workflow.onChordPart(request, TaskState.FAILURE, info);
        try {
            workflow.onFailure(request, failure);
        } catch (BrokerException e) {
            log.error("Task {}[{}] errbacks could not be sent: {}", h.task(), h.id(), e.getMessage());
        }
        log.error("Task {}[{}] raised unexpected: {}", h.task(), h.id(), ExceptionMapper.repr(info), error);
        listeners.fire(l -> l.taskFailure(request, error, runtime));
    }

    /** Mirrors Request._announce_revoked: REVOKED stored with TaskRevokedError(reason), the chord part counted. */
    void recordRevoked(TaskRequest request, String reason) {
        TaskHeaders h = request.message().headers();
        log.info("Discarding revoked task: {}[{}] ({})", h.task(), h.id(), reason);
        ResultMeta meta = results.revoked(request, reason);
        try {
            writer.store(meta);
            workflow.onChordPart(request, TaskState.REVOKED, meta.result());
        } catch (BackendException e) {
            log.error("Could not store REVOKED for task {}: {}", h.id(), e.getMessage());
        }
        listeners.fire(l -> l.taskRevoked(request, reason));
    }

    /** Stops the time-limit timer. */
    void close() {
        timer.close();
    }

    private static boolean bool(@Nullable Boolean own, boolean inherited) {
        return own != null ? own : inherited;
    }

    /** Runtime in seconds as Python prints a float. */
    static String seconds(Duration d) {
        return PyFormat.floatRepr(PyFormat.floatSeconds(d));
    }
}
