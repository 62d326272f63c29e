package dev.lovage.protocol.codec;

import org.jspecify.annotations.Nullable;

/**
 * JSON exactly as Python's {@code json.dumps} writes it with its defaults ({@code ", "} and {@code ": "}
 * separators, {@code ensure_ascii=True}, Python float repr), with kombu 5.3+ envelopes for java.time values,
 * BigDecimal, UUID and byte[]. Reading accepts any JSON and both kombu dialects.
 *
 * @since 0.1
 */
public final class PyJson {
    private PyJson() {
    }

    /** Encodes maps (in iteration order), lists, strings, numbers, booleans, null and the kombu types. */
    public static String write(@Nullable Object value) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Decodes JSON text to plain Java values, unwrapping {@code {"__type__", "__value__"}} envelopes. */
    public static @Nullable Object read(String json) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
