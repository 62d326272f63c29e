package dev.lovage.protocol.codec;

import java.util.List;
import java.util.Set;

/**
 * What a {@link MessageDecoder} accepts.
 *
 * @param acceptContent     serializer names or MIME types ({@code accept_content}); {@code json} by default. Pickle
 *                          is never accepted, whatever this says.
 * @param maxBodyBytes      the largest body allowed after decompression
 * @since 0.1
 */
public record DecoderOptions(List<String> acceptContent, long maxBodyBytes) {
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;
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
