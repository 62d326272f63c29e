package dev.lovage.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Unchecked root of every exception Lovage throws. Like any exception, not meant to be shared between threads
 * while being built.
 *
 * @since 0.1
 */
public class CeleryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message and no cause. */
    public CeleryException(String message) {
        super(message);
    }

    /** An exception with a message and the cause it wraps, which may be null. */
    public CeleryException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
