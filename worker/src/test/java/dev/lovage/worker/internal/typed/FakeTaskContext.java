package dev.lovage.worker.internal.typed;

import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskSignal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A task context with fixed answers, for calling handlers without a worker. */
final class FakeTaskContext implements TaskContext {
    @Override
    public String taskId() {
        return "00000000-0000-0000-0000-000000000001";
    }

    @Override
    public String taskName() {
        return "fixtures.task";
    }

    @Override
    public int retries() {
        return 0;
    }

    @Override
    public @Nullable String rootId() {
        return null;
    }

    @Override
    public @Nullable String parentId() {
        return null;
    }

    @Override
    public @Nullable String groupId() {
        return null;
    }

    @Override
    public Map<String, @Nullable Object> headers() {
        return Map.of();
    }

    @Override
    public DeliveryInfo deliveryInfo() {
        return new DeliveryInfo("", "celery", false, null);
    }

    @Override
    public String hostname() {
        return "unit@host";
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public TaskSignal.Retry retry(@Nullable Throwable cause) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskSignal.Retry retry(@Nullable Throwable cause, Duration countdown) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskSignal.Retry retry(@Nullable Throwable cause, Duration countdown, @Nullable Integer maxRetries) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void checkSoftTimeLimit() throws SoftTimeLimitExceeded {
    }

    @Override
    public TaskSignal.Reject reject(boolean requeue) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskSignal.Ignore ignore() {
        throw new UnsupportedOperationException();
    }
}
