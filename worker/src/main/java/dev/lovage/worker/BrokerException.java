package dev.lovage.worker;

import dev.lovage.protocol.CeleryException;
import org.jspecify.annotations.Nullable;

/**
 * The broker failed: unreachable, refused the credentials, or closed a channel.
 *
 * @since 0.1
 */
public class BrokerException extends CeleryException {
    private static final long serialVersionUID = 1L;
    private final boolean connectionError;

    public BrokerException(String message, @Nullable Throwable cause, boolean connectionError) {
        super(message, cause);
        this.connectionError = connectionError;
    }

    /** True when the broker could not be reached, so retrying may succeed. */
    public boolean isConnectionError() {
        return connectionError;
    }
}
