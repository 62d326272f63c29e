package dev.lovage.protocol.codec;

import dev.lovage.protocol.internal.Serializers;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MessageDecoder} accepts. Immutable.
 *
 * @param acceptContent     serializer names ({@code json}, {@code msgpack}, {@code yaml}) or MIME types
 *                          ({@code accept_content}); {@code json} by default. Pickle is never accepted, whatever this
 *                          says. {@code application/data}, {@code application/text} and {@code text/plain} always
 *                          are (kombu's TRUSTED_CONTENT), but such a body is never a task.
 * @param maxBodyBytes      the largest body allowed, raw and after decompression
 * @param maxBodyDepth      the deepest nesting of lists and mappings a body may have (1 to 1000)
 * @param maxBodyItems      the most values (every list, mapping, string, number...) a body may hold
 * @since 0.1
 */
public record DecoderOptions(List<String> acceptContent, long maxBodyBytes, int maxBodyDepth, long maxBodyItems) {
    /** 64 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;
    /** 1000 levels, about where Python's json gives up (its recursion limit). */
    public static final int DEFAULT_MAX_BODY_DEPTH = 1000;
    /** One million values: at most some tens of MB decoded. */
    public static final long DEFAULT_MAX_BODY_ITEMS = 1_000_000;
    /** Celery's default {@code accept_content = ['json']} and the default limits. */
    public static final DecoderOptions DEFAULTS = new DecoderOptions(List.of("json"), DEFAULT_MAX_BODY_BYTES);

    public DecoderOptions {
        acceptContent = List.copyOf(acceptContent);
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        if (maxBodyDepth < 1 || maxBodyDepth > DEFAULT_MAX_BODY_DEPTH) {
            throw new IllegalArgumentException("maxBodyDepth must be 1 to 1000: " + maxBodyDepth);
        }
        if (maxBodyItems <= 0) {
            throw new IllegalArgumentException("maxBodyItems must be positive: " + maxBodyItems);
        }
    }

    /** The given content types and body size, with the default depth and item limits. */
    public DecoderOptions(List<String> acceptContent, long maxBodyBytes) {
        this(acceptContent, maxBodyBytes, DEFAULT_MAX_BODY_DEPTH, DEFAULT_MAX_BODY_ITEMS);
    }

    /**
     * The optional library (Maven coordinates) that decoding {@code serializer} (json, msgpack, yaml, or a MIME type)
     * needs and that is not on the classpath, or null when nothing is missing. msgpack, YAML and the compressions
     * other than zlib and gzip are optional dependencies of lovage-protocol.
     */
    public static @Nullable String missingLibrary(String serializer) {
        return Serializers.missingLibrary(serializer);
    }

    /** The serializer names this build can decode: json, msgpack, yaml. */
    public static Set<String> supportedSerializers() {
        return Set.of("json", "msgpack", "yaml");
    }
}
