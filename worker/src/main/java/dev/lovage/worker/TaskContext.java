package dev.lovage.worker;

import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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

    /**
     * The message's properties as Celery's {@code self.request.properties} has them: {@code correlation_id},
     * {@code reply_to}, {@code priority}, {@code content_type}, {@code content_encoding} and {@code app_id} when
     * set.
     *
     * @since 0.2
     */
    default Map<String, @Nullable Object> properties() {
        return Map.of();
    }

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

    /**
     * Celery's {@code Reject(reason, requeue)}: as {@link #reject(boolean)}, with a reason stored in the FAILURE
     * result a rejection without requeue records.
     *
     * @since 0.2
     */
    default TaskSignal.Reject reject(@Nullable Object reason, boolean requeue) {
        return new TaskSignal.Reject(reason, requeue);
    }

    /** Ends the task without storing a result (Celery's {@code Ignore}). */
    TaskSignal.Ignore ignore();

    /**
     * Celery's {@code self.replace(sig)}: sends {@code sig} to take this task's place, and returns what to throw:
     * {@code throw ctx.replace(chain(...))}. As in Celery 5.7 the signature is frozen with this task's id, so its
     * final result is stored as this task's (a Python client waiting on this id gets it); it carries this task's
     * links, error links, chord membership (group, index, body), root and the rest of its chain, and
     * {@code replaced_task_nesting} one higher; a group becomes a chord ending in {@code celery.accumulate}. This
     * task stores no result of its own (Celery raises {@code Ignore}).
     *
     * @throws IllegalArgumentException for a signature that is part of a chord or an empty chain (Celery's
     *                                  ImproperlyConfigured), or an argument that cannot be serialized
     * @throws BrokerException          when the replacement cannot be published
     * @since 0.2
     */
    default TaskSignal.Ignore replace(Signature sig) {
        throw new UnsupportedOperationException("replace is not supported by this task context");
    }

    /**
     * Celery's {@code self.add_to_chord(sig)}: {@code sig} joins the chord this task is a header member of (the
     * chord body waits for its result too) and is sent at once.
     *
     * @return where the added task's result will be
     * @throws IllegalStateException when this task is not a member of a chord, or the result backend cannot grow
     *                               one
     * @since 0.2
     */
    default ResultRef addToChord(Signature sig) {
        throw new UnsupportedOperationException("addToChord is not supported by this task context");
    }

    /**
     * {@code sig.apply_async()} from this task: a task or canvas sent with this task as {@code parent_id} and its
     * root as {@code root_id}, recorded in this task's {@code children}, as from a Python task.
     *
     * @return where its result will be (for a group, a group result)
     * @since 0.2
     */
    default ResultRef apply(Signature sig) {
        return apply(sig, List.of(), Map.of(), Map.of());
    }

    /**
     * {@code sig.apply_async(args, kwargs, **options)} from this task (see {@link #apply(Signature)}).
     *
     * @since 0.2
     */
    default ResultRef apply(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
        throw new UnsupportedOperationException("apply is not supported by this task context");
    }

    /**
     * {@code sig.delay(*args)} from this task: {@code args} in front of the signature's own.
     *
     * @since 0.2
     */
    default ResultRef delay(Signature sig, @Nullable Object... args) {
        return apply(sig, Arrays.asList(args), Map.of(), Map.of());
    }

    /**
     * Where a message came from.
     *
     * @since 0.1
     */
    record DeliveryInfo(String exchange, String routingKey, boolean redelivered, @Nullable Integer priority) {
    }
}
