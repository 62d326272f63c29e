package dev.lovage.protocol.codec;

import java.util.List;
import java.util.Set;

/**
 * What a {@link MessageDecoder} accepts. Immutable.
 *
 * @param acceptContent     serializer names ({@code json}, {@code msgpack}, {@code yaml}) or MIME types
 *                          ({@code accept_content}); {@code json} by default. Pickle is never accepted, whatever this
 *                          says. {@code application/data}, {@code application/text} and {@code text/plain} always
 *                          are (kombu's TRUSTED_CONTENT), but such a body is never a task.
 * @param maxBodyBytes      the largest body allowed after decompression
 * @since 0.1
 */
public record DecoderOptions(List<String> acceptContent, long maxBodyBytes) {
    /** 64 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;
    /** Celery's default {@code accept_content = ['json']} and {@link #DEFAULT_MAX_BODY_BYTES}. */
    public static final DecoderOptions DEFAULTS = new DecoderOptions(List.of("json"), DEFAULT_MAX_BODY_BYTES);

    public DecoderOptions {
        acceptContent = List.copyOf(acceptContent);
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
    }

    /** The serializer names this build can decode: json, msgpack, yaml. */
    public static Set<String> supportedSerializers() {
        return Set.of("json", "msgpack", "yaml");
    }
}
