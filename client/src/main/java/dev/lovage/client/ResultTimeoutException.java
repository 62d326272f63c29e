package dev.lovage.client;

import dev.lovage.protocol.CeleryException;
import dev.lovage.protocol.TaskState;

/**
 * A result was not ready within the time {@code get} was given: Celery's {@code celery.exceptions.TimeoutError}. The
 * message names the task and its state then; PENDING means no worker has reported on it (none consumes its queue,
 * or none knows the task: a producer cannot tell which).
 *
 * @since 0.2
 */
public class ResultTimeoutException extends CeleryException {
    private static final long serialVersionUID = 1L;
    private final String taskId;
    private final TaskState state;

    public ResultTimeoutException(String message, String taskId, TaskState state) {
        super(message);
        this.taskId = taskId;
        this.state = state;
    }

    /** The id of the result that was not ready. */
    public String taskId() {
        return taskId;
    }

    /** Its state when the time ran out. */
    public TaskState state() {
        return state;
    }
}
