package dev.lovage.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A message that cannot be understood: bad JSON, missing {@code id} or {@code task}, a content type that is not
 * accepted, an unknown compression, a body larger than the configured limit once decompressed.
 *
 * <p>{@link #reason()} says which, so the worker can mirror Celery: a decode error is acked and dropped, a disallowed
 * content type or an invalid task is rejected without requeue.
 *
 * @since 0.1
 */
public class ProtocolException extends CeleryException {
    private static final long serialVersionUID = 1L;

    /** Why a message was refused; mirrors the cases of celery/worker/consumer/consumer.py. */
    public enum Reason {
        /** The body could not be decompressed or deserialized (kombu DecodeError). */
        DECODE_ERROR,
        /** The content type is not in accept_content (kombu ContentDisallowed). */
        CONTENT_DISALLOWED,
        /** The message decoded but is not a valid task (Celery InvalidTaskError, or no task anywhere). */
        INVALID_TASK,
        /** The body is over the size limit once decompressed. */
        TOO_LARGE
    }

    private final Reason reason;

    /** A refusal for {@code reason}, with no cause. */
    public ProtocolException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** A refusal for {@code reason} caused by {@code cause} (a parser or decompressor error), which may be null. */
    public ProtocolException(Reason reason, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the message was refused; never null. */
    public Reason reason() {
        return reason;
    }
}
