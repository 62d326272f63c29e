package dev.lovage.worker;

import dev.lovage.protocol.CeleryException;
import org.jspecify.annotations.Nullable;

/**
 * The result backend failed: unreachable, timed out, or refused a command.
 *
 * @since 0.1
 */
public class BackendException extends CeleryException {
    private static final long serialVersionUID = 1L;
    private final boolean connectionError;

    public BackendException(String message, @Nullable Throwable cause, boolean connectionError) {
        super(message, cause);
        this.connectionError = connectionError;
    }

    /** True when the backend could not be reached, so the operation may succeed later. */
    public boolean isConnectionError() {
        return connectionError;
    }
}
