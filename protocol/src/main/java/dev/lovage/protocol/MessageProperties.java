package dev.lovage.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The AMQP basic properties Celery sets on a task message. Immutable; every component may be null.
 *
 * @param correlationId the task id
 * @param contentType   the serializer's MIME type; compression is never said here
 * @param contentEncoding {@code utf-8} or {@code binary}
 * @param replyTo       the producer's oid; a queue name only for the rpc:// backend
 * @param priority      0 unless set
 * @param expiration    integer milliseconds as a string, only when {@code expires} was given
 * @param appId         the producer's {@code app_id} ({@code apply_async(app_id=...)}), or null (since 0.2)
 * @since 0.1
 */
public record MessageProperties(@Nullable String correlationId, @Nullable String contentType,
        @Nullable String contentEncoding, @Nullable String replyTo, @Nullable Integer priority,
        @Nullable String expiration, @Nullable String appId) {

    /** The properties without an {@code app_id}, as Celery sends them unless asked. */
    public MessageProperties(@Nullable String correlationId, @Nullable String contentType,
            @Nullable String contentEncoding, @Nullable String replyTo, @Nullable Integer priority,
            @Nullable String expiration) {
        this(correlationId, contentType, contentEncoding, replyTo, priority, expiration, null);
    }

    /** JSON content in UTF-8, priority 0, nothing else set: what a plain {@code apply_async} sends. */
    public static final MessageProperties JSON =
            new MessageProperties(null, "application/json", "utf-8", null, 0, null);
}
