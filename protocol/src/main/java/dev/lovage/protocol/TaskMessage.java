package dev.lovage.protocol;

/**
 * A decoded task message, whichever protocol version it arrived in (v1 bodies are converted to the v2 shape, as
 * Celery's {@code proto1_to_proto2} does).
 *
 * Immutable.
 *
 * @param protocolVersion 1 or 2, as detected (a hybrid message counts as 2)
 * @since 0.1
 */
public record TaskMessage(MessageProperties properties, TaskHeaders headers, TaskBody body, int protocolVersion) {
}
