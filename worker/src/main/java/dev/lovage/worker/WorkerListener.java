package dev.lovage.worker;

import dev.lovage.protocol.ProtocolException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Observes a worker, one method per Celery signal. Every method has a no-op default. Methods run on worker threads,
 * must be fast and must not throw: an exception is logged at WARN and changes nothing else.
 *
 * @since 0.1
 */
public interface WorkerListener {
    WorkerListener NONE = new WorkerListener() { };

    default void workerReady(String hostname) {
    }

    default void workerShutdown(String hostname) {
    }

    default void taskReceived(TaskRequest request) {
    }

    default void taskPrerun(TaskRequest request) {
    }

    default void taskPostrun(TaskRequest request, Duration runtime) {
    }

    default void taskSuccess(TaskRequest request, @Nullable Object result, Duration runtime) {
    }

    default void taskFailure(TaskRequest request, Throwable error, Duration runtime) {
    }

    default void taskRetry(TaskRequest request, Throwable reason) {
    }

    default void taskRejected(TaskRequest request, boolean requeue) {
    }

    default void taskRevoked(TaskRequest request, String reason) {
    }

    /** This worker completed a chord's join and published its callback; {@code headerIds} are all its parts. */
    default void chordJoined(String groupId, String callbackId, List<String> headerIds) {
    }

    /** A chord header task ended on this worker (success, failure or revoke). */
    default void chordPart(String groupId, String callbackId, String taskId) {
    }

    /**
     * A task succeeded on some worker of the cluster, as its {@code task-succeeded} event says; only delivered when
     * the worker was built with {@link CeleryWorkerBuilder#receiveTaskEvents(boolean)}.
     */
    default void remoteTaskSucceeded(String taskId) {
    }

    /** The connection to the broker was lost and re-established. */
    default void brokerReconnected() {
    }

    /** A result backend call ended; {@code operation} is store, get or forget; {@code outcome} success or error. */
    default void backendRequest(String operation, String outcome, Duration duration) {
    }

    /** The number of tasks held for their eta or rate limit changed. */
    default void etaHeld(int count) {
    }

    /**
     * The number of tasks waiting for their eta or rate limit past {@code worker_eta_task_limit} changed. While it is
     * above zero those tasks take prefetch slots of ready tasks, which wait behind them.
     *
     * @since 0.2
     */
    default void etaOverflow(int count) {
    }

    /**
     * The worker let go of a task it had received without running it, because the broker connection that delivered
     * it was lost: the broker delivers the message again (Celery's consumer clears its reserved requests likewise).
     *
     * @since 0.2
     */
    default void taskReleased(TaskRequest request) {
    }

    /** A message named a task this worker has not registered. */
    default void taskUnknown(String taskName, String taskId) {
    }

    /** A message could not be decoded; it was rejected without requeue. */
    default void messageRejected(ProtocolException error) {
    }
}
