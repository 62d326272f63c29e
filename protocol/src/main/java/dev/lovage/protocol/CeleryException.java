package dev.lovage.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Unchecked root of every exception Lovage throws.
 *
 * @since 0.1
 */
public class CeleryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CeleryException(String message) {
        super(message);
    }

    public CeleryException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
