package dev.lovage.worker;

import dev.lovage.protocol.CeleryException;

/**
 * A task name registered twice, or registration after {@code build()}.
 *
 * @since 0.1
 */
public class TaskRegistrationException extends CeleryException {
    private static final long serialVersionUID = 1L;

    public TaskRegistrationException(String message) {
        super(message);
    }
}
