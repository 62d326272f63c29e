package dev.lovage.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * Celery's task states, as stored in the {@code status} field of a result (celery/states.py).
 *
 * @since 0.1
 */
public enum TaskState {
    PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, RETRY, REVOKED, REJECTED;

    private static final Set<TaskState> READY = EnumSet.of(SUCCESS, FAILURE, REVOKED);
    private static final Set<TaskState> EXCEPTION = EnumSet.of(RETRY, FAILURE, REVOKED);

    /** SUCCESS, FAILURE and REVOKED: the states that carry a {@code date_done}. */
    public boolean isReady() {
        return READY.contains(this);
    }

    /** RETRY, FAILURE and REVOKED: the states whose result is an exception document. */
    public boolean isException() {
        return EXCEPTION.contains(this);
    }
}
