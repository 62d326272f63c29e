package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.broker.TaskProducer;
import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ErrbackHandler;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.TaskSignal;
import dev.lovage.worker.internal.AckPolicy.AckDecision;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one task on its task thread and reports the outcome: result stored, log line written, broker told. After
 * celery/app/trace.py {@code build_tracer}.
 */
public final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final CeleryConfig config;
    private final @Nullable ResultBackend backend;
    private final TaskConsumer consumer;
    private final Listeners listeners;
    private final ResultFactory results;
    private final RetryPublisher retries;
    private final Workflow workflow;
    private final TaskPublisher publisher;
    private final List<RegisteredTask> builtins;
    private final TimeLimits limits = new TimeLimits();
    private final RevokedSet revoked;
    private final Map<String, Duration[]> timeLimits = new ConcurrentHashMap<>();
    private final String hostname;
    private final InstantSource clock;
    private final BooleanSupplier cancelled;

    public TaskRunner(CeleryConfig config, @Nullable ResultBackend backend, TaskConsumer consumer,
            TaskProducer producer, Listeners listeners,
            String hostname, InstantSource clock, BooleanSupplier cancelled, RevokedSet revoked,
            Map<String, ErrbackHandler> errbacks, Function<String, @Nullable String> taskQueues) {
        this.revoked = revoked;
        ChordBackend chords = backend instanceof ChordBackend c ? c : null;
        this.publisher = new TaskPublisher(producer, chords, backend == null ? "no result backend"
                : backend.describe(), config, taskQueues, clock);
        this.workflow = new Workflow(publisher, chords, backend, clock, listeners, errbacks);
        this.builtins = new Builtins(publisher, workflow, backend).tasks();
        this.config = config;
        this.backend = backend;
        this.consumer = consumer;
        this.listeners = listeners;
        this.results = new ResultFactory(config, hostname, clock);
        this.retries = new RetryPublisher(producer, clock);
        this.hostname = hostname;
        this.clock = clock;
        this.cancelled = cancelled;
    }

    /** Celery's built-in tasks, served unless the app registers the same names. */
    public List<RegisteredTask> builtins() {
        return builtins;
    }

    /** The result documents this runner writes; shared with the delivery handler. */
    ResultFactory results() {
        return results;
    }

    /** Per-task time limits set by remote control ({hard, soft}); the message's own limits still win. */
    public Map<String, Duration[]> timeLimits() {
        return timeLimits;
    }

    /** Stops the time-limit timer. */
    public void close() {
        limits.close();
    }

    /**
     * Runs the task and settles its message; never throws.
     *
     * @return what a redelivered copy of the message should get if the acknowledgement is lost with the connection
     *         (ACK when acknowledged at start), or null when a copy should run (a cold shutdown interrupted it)
     */
    public @Nullable AckDecision run(Delivery delivery, TaskRequest request, RegisteredTask task) {
        TaskHeaders h = request.message().headers();
        AckPolicy.Settings ack = ackSettings(task.options());
        putMdc(h);
        boolean ackedOnStart = false;
        boolean settled = false;
        try {
            if (h.isExpired(clock)) {
                discardRevoked(delivery, request, "expired");
                return AckDecision.ACK;
            }
            if (revoked.contains(h.id())) {
                discardRevoked(delivery, request, "revoked");
                return AckDecision.ACK;
            }
            if (AckPolicy.acksOnStart(ack)) {
                consumer.ack(delivery);
                ackedOnStart = true;
            }
            Outcome outcome = execute(delivery, request, task);
            AckDecision decision = AckPolicy.decide(outcome, ack);
            if (outcome == Outcome.WORKER_LOST && cancelled.getAsBoolean()) {
                // A cold shutdown: leave acks_late messages unacknowledged so the broker redelivers them.
                return ackedOnStart ? AckDecision.ACK : null;
            }
            apply(delivery, decision);
            settled = true;
            return ackedOnStart ? AckDecision.ACK : decision;
        } catch (BackendException e) {
            log.error("Task {}[{}] could not store its result: {}", h.task(), h.id(), e.getMessage());
            // With acks_late nothing is lost: the broker delivers the task again.
            AckDecision decision = ack.acksLate() ? AckDecision.REQUEUE : AckDecision.NOTHING;
            apply(delivery, decision);
            return ackedOnStart ? AckDecision.ACK : decision;
        } catch (Throwable t) {
            // Whatever went wrong outside the task's own code (a publish, a listener, an Error) ends this message
            // alone: rejected without requeue, the reason logged once.
            log.error("Task {}[{}] could not be completed by the worker: {}", h.task(), h.id(), t.toString(), t);
            if (!ackedOnStart && !settled) {
                consumer.reject(delivery, false);
            }
            return ackedOnStart ? AckDecision.ACK : AckDecision.REJECT;
        } finally {
            MDC.clear();
        }
    }

    private Outcome execute(Delivery delivery, TaskRequest request, RegisteredTask task) {
        TaskHeaders h = request.message().headers();
        boolean ignoreResult = h.ignoreResult() || bool(task.options().ignoreResult(), config.taskIgnoreResult());
        if (!ignoreResult && bool(task.options().trackStarted(), config.taskTrackStarted())) {
            store(results.started(request));
        }
        listeners.fire(l -> l.taskPrerun(request));
        long start = System.nanoTime();
        AtomicBoolean softPassed = new AtomicBoolean();
        RequestContext ctx = new RequestContext(request, task.options(), hostname, cancelled, softPassed::get,
                publisher);
        TaskArgs args = new TaskArgs(request.message().body().args(), request.message().body().kwargs());
        Duration[] override = timeLimits.getOrDefault(h.task(), new Duration[2]);
        Duration hard = h.timelimit().hard() != null ? h.timelimit().hard() : override[0] != null ? override[0]
                : task.options().timeLimit() != null ? task.options().timeLimit() : config.taskTimeLimit();
        Duration soft = h.timelimit().soft() != null ? h.timelimit().soft() : override[1] != null ? override[1]
                : task.options().softTimeLimit() != null ? task.options().softTimeLimit() : config.taskSoftTimeLimit();
        try {
            Object value = hard == null && soft == null ? task.handler().handle(ctx, args)
                    : limits.call(() -> task.handler().handle(ctx, args), hard, soft, softPassed);
            Duration runtime = Duration.ofNanos(System.nanoTime() - start);
            // Like trace.py: callbacks and the next chain step go out before the result is stored, so that the
            // stored result lists them as children.
            // What the task sent itself comes first, as in Celery's request.children.
            List<@Nullable Object> children = ctx.children();
            children.addAll(workflow.onSuccess(request, value));
            if (!ignoreResult) {
                store(results.success(request, value, children));
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
            return reject.requeue() ? Outcome.REJECT_REQUEUE : Outcome.REJECT;
        } catch (TaskSignal.Ignore ignore) {
            return Outcome.IGNORED;
        } catch (BackendException e) {
            throw e;
        } catch (TimeLimits.HardLimitExceeded e) {
            return timeout(request, hard, ignoreResult);
        } catch (Throwable thrown) {
            Duration runtime = Duration.ofNanos(System.nanoTime() - start);
            Throwable error = softPassed.get() && (thrown instanceof InterruptedException
                    || thrown instanceof SoftTimeLimitExceeded)
                    ? new SoftTimeLimitExceeded("SoftTimeLimitExceeded()") : thrown;
            if (matches(task.options().autoretryFor(), error)) {
                // Mirrors celery/app/autoretry.py: retry with backoff when asked, else default_retry_delay.
                return retry(delivery, request, task, new TaskSignal.Retry(error, autoretryDelay(task, h.retries()),
                        null), ignoreResult);
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
                return Outcome.WORKER_LOST;
            }
            if (error instanceof Error e && !(error instanceof AssertionError || error instanceof StackOverflowError
                    || error instanceof OutOfMemoryError)) {
                throw e;
            }
            fail(request, error, ignoreResult, runtime);
            return Outcome.FAILURE;
        } finally {
            listeners.fire(l -> l.taskPostrun(request, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    private Outcome retry(Delivery delivery, TaskRequest request, RegisteredTask task, TaskSignal.Retry retry,
            boolean ignoreResult) {
        TaskHeaders h = request.message().headers();
        Integer max = retry.maxRetries() == null ? task.options().maxRetries()
                : retry.maxRetries() == TaskSignal.Retry.FOREVER ? null : retry.maxRetries();
        if (max != null && h.retries() + 1 > max) {
            // Mirrors celery/app/task.py Task.retry: past max_retries the original exception, or
            // MaxRetriesExceededError, fails the task.
            Throwable cause = retry.getCause() != null ? retry.getCause()
                    : new PythonException("celery.exceptions", "MaxRetriesExceededError",
                            "Can't retry " + h.task() + "[" + h.id() + "] args:" + PyFormat.tupleRepr(
                                    request.message().body().args()) + " kwargs:"
                                    + PyFormat.repr(request.message().body().kwargs()));
            fail(request, cause, ignoreResult, Duration.ZERO);
            return Outcome.FAILURE;
        }
        try {
            retries.publish(delivery, request, retry.countdown());
        } catch (BrokerException e) {
            // Mirrors celery/app/task.py Task.retry: a retry that cannot be sent becomes Reject(requeue=False).
            log.error("Task {}[{}] retry could not be sent: {}", h.task(), h.id(), e.getMessage());
            listeners.fire(l -> l.taskRejected(request, false));
            return Outcome.REJECT;
        }
        ExceptionInfo info = retry.getCause() == null ? null : ExceptionMapper.toInfo(retry.getCause());
        if (!ignoreResult || config.taskStoreErrorsEvenIfIgnored()) {
            store(results.retry(request, info, info == null ? null : Tracebacks.format(retry.getCause(), info)));
        }
        log.warn("Task {}[{}] retry: {}", h.task(), h.id(), retry.getMessage());
        listeners.fire(l -> l.taskRetry(request, retry));
        return Outcome.RETRY;
    }

    private Outcome timeout(TaskRequest request, Duration hard, boolean ignoreResult) {
        TaskHeaders h = request.message().headers();
        // Mirrors celery/worker/request.py on_timeout: FAILURE TimeLimitExceeded(<hard limit>).
        Object seconds = PyFormat.seconds(hard);
        // Celery re-exports billiard's class, so that is the module a Python worker stores.
        ExceptionInfo info = new ExceptionInfo("TimeLimitExceeded", List.of(seconds), "billiard.exceptions");
        log.error("Hard time limit ({}s) exceeded for {}[{}]", seconds, h.task(), h.id());
        ResultMeta failure = results.failure(request, info, "Traceback (most recent call last):\n"
                + "billiard.exceptions.TimeLimitExceeded: TimeLimitExceeded(" + seconds + ",)\n");
        if (!ignoreResult || config.taskStoreErrorsEvenIfIgnored()) {
            store(failure);
        }
        workflow.onChordPart(request, TaskState.FAILURE, info);
        return Outcome.TIMEOUT;
    }

    private static boolean matches(List<Class<? extends Throwable>> types, Throwable error) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** celery/utils/time.py get_exponential_backoff_interval, with full jitter. */
    private static Duration autoretryDelay(RegisteredTask task, int retries) {
        TaskOptions o = task.options();
        if (o.retryBackoff() == null) {
            return o.defaultRetryDelay();
        }
        long factor = o.retryBackoff().toMillis();
        long countdown = Math.min(o.retryBackoffMax().toMillis(), factor * (1L << Math.min(retries, 30)));
        if (o.retryJitter()) {
            countdown = ThreadLocalRandom.current().nextLong(countdown / 1000 + 1) * 1000;
        }
        return Duration.ofMillis(Math.max(0, countdown));
    }

    private void fail(TaskRequest request, Throwable error, boolean ignoreResult, Duration runtime) {
        TaskHeaders h = request.message().headers();
        ExceptionInfo info = ExceptionMapper.toInfo(error);
        ResultMeta failure = results.failure(request, info, Tracebacks.format(error, info));
        if (!ignoreResult || config.taskStoreErrorsEvenIfIgnored()) {
            store(failure);
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

    /** Mirrors Request._announce_revoked: REVOKED stored with TaskRevokedError(reason), chord part counted, acked. */
    public void discardRevoked(Delivery delivery, TaskRequest request, String reason) {
        recordRevoked(request, reason);
        apply(delivery, AckPolicy.decide(Outcome.REVOKED_BEFORE_START, ackSettings(TaskOptions.DEFAULTS)));
    }

    private void recordRevoked(TaskRequest request, String reason) {
        TaskHeaders h = request.message().headers();
        log.info("Discarding revoked task: {}[{}] ({})", h.task(), h.id(), reason);
        ResultMeta meta = results.revoked(request, reason);
        try {
            store(meta);
            workflow.onChordPart(request, TaskState.REVOKED, meta.result());
        } catch (BackendException e) {
            log.error("Could not store REVOKED for task {}: {}", h.id(), e.getMessage());
        }
        listeners.fire(l -> l.taskRevoked(request, reason));
    }

    private void store(ResultMeta meta) {
        if (backend != null) {
            long start = System.nanoTime();
            String outcome = "error";
            try {
                backend.store(meta);
                outcome = "success";
            } finally {
                String o = outcome;
                Duration d = Duration.ofNanos(System.nanoTime() - start);
                listeners.fire(l -> l.backendRequest("store", o, d));
            }
        }
    }

    private void apply(Delivery delivery, AckDecision decision) {
        switch (decision) {
            case ACK -> consumer.ack(delivery);
            case REJECT -> consumer.reject(delivery, false);
            case REQUEUE -> consumer.reject(delivery, true);
            case NOTHING -> { }
        }
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

    /** Runtime in seconds as Python prints a float. */
    static String seconds(Duration d) {
        return PyFormat.floatRepr(PyFormat.floatSeconds(d));
    }
}
