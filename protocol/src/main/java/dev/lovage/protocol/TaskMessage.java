package dev.lovage.protocol;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A decoded task message, whichever protocol version it arrived in (v1 bodies are converted to the v2 shape, as
 * Celery's {@code proto1_to_proto2} does).
 *
 * <p>The body may be <em>deferred</em>: a message {@link #deferred made} from its headers keeps only its raw bytes
 * until {@link #body()} is first called, so a worker can hold many waiting messages without holding their decoded
 * arguments. Immutable in value and thread-safe: the body is decoded at most once, and a body that cannot be decoded
 * fails the same way on every call.
 *
 * @since 0.1
 */
public final class TaskMessage {
    private final MessageProperties properties;
    private final TaskHeaders headers;
    private final int protocolVersion;
    private volatile @Nullable TaskBody body;
    private @Nullable Supplier<TaskBody> decoder;
    private @Nullable ProtocolException failure;

    /**
     * A message with its body decoded.
     *
     * @param protocolVersion 1 or 2, as detected (a hybrid message counts as 2)
     */
    public TaskMessage(MessageProperties properties, TaskHeaders headers, TaskBody body, int protocolVersion) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.protocolVersion = protocolVersion;
    }

    private TaskMessage(MessageProperties properties, TaskHeaders headers, int protocolVersion,
            Supplier<TaskBody> decoder) {
        this.properties = properties;
        this.headers = headers;
        this.protocolVersion = protocolVersion;
        this.decoder = decoder;
    }

    /**
     * A message whose body {@code decoder} decodes on the first call of {@link #body()}; the decoder (and whatever
     * raw bytes it holds) is released once it has run.
     *
     * @param decoder returns the body or throws {@link ProtocolException}; called at most once
     */
    public static TaskMessage deferred(MessageProperties properties, TaskHeaders headers, int protocolVersion,
            Supplier<TaskBody> decoder) {
        return new TaskMessage(properties, headers, protocolVersion, decoder);
    }

    public MessageProperties properties() {
        return properties;
    }

    public TaskHeaders headers() {
        return headers;
    }

    /** 1 or 2, as detected (a hybrid message counts as 2). */
    public int protocolVersion() {
        return protocolVersion;
    }

    /**
     * The body, decoding it now if it was deferred.
     *
     * @throws ProtocolException when a deferred body cannot be decoded (the same exception on every call)
     */
    public TaskBody body() {
        TaskBody b = body;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (body == null && failure == null) {
                Supplier<TaskBody> d = Objects.requireNonNull(decoder);
                decoder = null;
                try {
                    body = Objects.requireNonNull(d.get(), "decoded body");
                } catch (ProtocolException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return Objects.requireNonNull(body);
        }
    }

    /** True once the body is decoded (always, for a message that was not deferred). */
    public boolean isBodyDecoded() {
        return body != null;
    }

    /** Equal when properties, headers, version and (decoded) body are; decodes deferred bodies. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof TaskMessage m && protocolVersion == m.protocolVersion && properties.equals(m.properties)
                && headers.equals(m.headers) && body().equals(m.body());
    }

    @Override
    public int hashCode() {
        return Objects.hash(properties, headers, protocolVersion);
    }

    @Override
    public String toString() {
        return "TaskMessage[properties=" + properties + ", headers=" + headers + ", body="
                + (isBodyDecoded() ? body : "(not decoded yet)") + ", protocolVersion=" + protocolVersion + "]";
    }
}
