package dev.lovage.worker.internal;

import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.RunningTask;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.codec.TaskMessageEncoder;
import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.TaskSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link TaskContext} of one execution. What the task sends through it is recorded, as Celery's
 * {@code request.children}, for the result it stores.
 */
final class RequestContext implements TaskContext {
    private final TaskRequest request;
    private final TaskOptions options;
    private final String hostname;
    private final BooleanSupplier cancelled;
    private final BooleanSupplier softLimitPassed;
    private final TaskPublisher publisher;
    private final List<@Nullable Object> children = new ArrayList<>();

    RequestContext(TaskRequest request, TaskOptions options, String hostname, BooleanSupplier cancelled,
            BooleanSupplier softLimitPassed, TaskPublisher publisher) {
        this.publisher = publisher;
        this.softLimitPassed = softLimitPassed;
        this.request = request;
        this.options = options;
        this.hostname = hostname;
        this.cancelled = cancelled;
    }

    private TaskHeaders h() {
        return request.message().headers();
    }

    @Override
    public String taskId() {
        return h().id();
    }

    @Override
    public String taskName() {
        return h().task();
    }

    @Override
    public int retries() {
        return h().retries();
    }

    @Override
    public @Nullable String rootId() {
        return h().rootId();
    }

    @Override
    public @Nullable String parentId() {
        return h().parentId();
    }

    @Override
    public @Nullable String groupId() {
        return h().group();
    }

    @Override
    public Map<String, @Nullable Object> properties() {
        MessageProperties p = request.message().properties();
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        out.put("correlation_id", p.correlationId());
        out.put("reply_to", p.replyTo());
        out.put("priority", request.deliveryInfo().priority());
        out.put("content_type", p.contentType());
        out.put("content_encoding", p.contentEncoding());
        if (p.appId() != null) {
            out.put("app_id", p.appId());
        }
        return out;
    }

    @Override
    public Map<String, @Nullable Object> headers() {
        // As Celery's request sees them: every protocol 2 header (eta, expires and timelimit included) and the
        // custom ones.
        return TaskMessageEncoder.headers(h());
    }

    @Override
    public DeliveryInfo deliveryInfo() {
        return request.deliveryInfo();
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    @Override
    public TaskSignal.Retry retry(@Nullable Throwable cause) {
        return new TaskSignal.Retry(cause, options.defaultRetryDelay(), null);
    }

    @Override
    public TaskSignal.Retry retry(@Nullable Throwable cause, Duration countdown) {
        return new TaskSignal.Retry(cause, countdown, null);
    }

    @Override
    public TaskSignal.Retry retry(@Nullable Throwable cause, Duration countdown, @Nullable Integer maxRetries) {
        return new TaskSignal.Retry(cause, countdown, maxRetries == null ? TaskSignal.Retry.FOREVER : maxRetries);
    }

    @Override
    public void checkSoftTimeLimit() {
        if (softLimitPassed.getAsBoolean()) {
            throw new SoftTimeLimitExceeded("SoftTimeLimitExceeded()");
        }
    }

    @Override
    public TaskSignal.Reject reject(boolean requeue) {
        return new TaskSignal.Reject(requeue);
    }

    @Override
    public TaskSignal.Ignore ignore() {
        return new TaskSignal.Ignore();
    }

    @Override
    public TaskSignal.Ignore replace(Signature sig) {
        record(publisher.replace(sig, RunningTask.of(request.message())));
        return new TaskSignal.Ignore();
    }

    @Override
    public ResultRef addToChord(Signature sig) {
        RunningTask task = RunningTask.of(request.message());
        if (task.chord() == null || task.group() == null) {
            // Celery: ValueError('Current task is not member of any chord').
            throw new IllegalStateException("task " + task.id() + " is not a member of any chord");
        }
        return record(publisher.addToChord(sig, task));
    }

    @Override
    public ResultRef apply(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
        return record(publisher.apply(sig, args, kwargs, options, RunningTask.of(request.message()).asParent()));
    }

    private synchronized ResultRef record(CanvasPlan plan) {
        children.addAll(Workflow.trail(plan));
        return plan.result();
    }

    /** What the task sent through this context, as result tuples, in order. */
    synchronized List<@Nullable Object> children() {
        return new ArrayList<>(children);
    }
}
