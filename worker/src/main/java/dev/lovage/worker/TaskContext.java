package dev.lovage.worker;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a running task knows about itself: Celery's {@code self.request}. One instance per execution; safe to read
 * from the task thread.
 *
 * @since 0.1
 */
public interface TaskContext {
    /** The task id. */
    String taskId();

    /** The registered task name. */
    String taskName();

    /** How many times this task has been retried so far (0 at first). */
    int retries();

    /** Id of the first task of the workflow, or null. */
    @Nullable String rootId();

    /** Id of the task that published this one, or null. */
    @Nullable String parentId();

    /** The group id when this task is a group member or chord header, or null. */
    @Nullable String groupId();

    /** Every message header, including custom ones, as plain Java values. */
    Map<String, @Nullable Object> headers();

    /** Exchange, routing key and redelivered flag of the delivery. */
    DeliveryInfo deliveryInfo();

    /** This worker's node name ({@code celery@host}). */
    String hostname();

    /** True once the worker asked this task to stop (cold shutdown, or a revoke with terminate). */
    boolean isCancelled();

    /**
     * Asks for a retry with the task's default delay. Throw what it returns: {@code throw ctx.retry(e);}.
     *
     * @param cause the exception stored with the RETRY state, or null
     */
    TaskSignal.Retry retry(@Nullable Throwable cause);

    /** Asks for a retry after {@code countdown}. */
    TaskSignal.Retry retry(@Nullable Throwable cause, Duration countdown);

    /** Asks for a retry at {@code countdown} with a {@code max_retries} override (null: retry forever). */
    TaskSignal.Retry retry(@Nullable Throwable cause, Duration countdown, @Nullable Integer maxRetries);

    /**
     * Throws {@link SoftTimeLimitExceeded} once the soft time limit has passed: CPU-bound tasks call it now and
     * then; blocking calls see the thread's interruption instead.
     */
    void checkSoftTimeLimit();

    /** Rejects the message (Celery's {@code Reject}); with {@code requeue} the broker delivers it again. */
    TaskSignal.Reject reject(boolean requeue);

    /** Ends the task without storing a result (Celery's {@code Ignore}). */
    TaskSignal.Ignore ignore();

    /**
     * Where a message came from.
     *
     * @since 0.1
     */
    record DeliveryInfo(String exchange, String routingKey, boolean redelivered, @Nullable Integer priority) {
    }
}
