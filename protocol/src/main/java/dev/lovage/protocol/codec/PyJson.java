package dev.lovage.protocol.codec;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.internal.PyJsonWriter;
import dev.lovage.protocol.internal.Serializers;
import dev.lovage.protocol.internal.TreeValues;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * JSON exactly as Python's {@code json.dumps} writes it with its defaults ({@code ", "} and {@code ": "}
 * separators, {@code ensure_ascii=True}, Python float repr), with kombu 5.3+ envelopes for java.time values,
 * BigDecimal, UUID and byte[]. Reading accepts any JSON and both kombu dialects. Thread-safe.
 *
 * @since 0.1
 */
public final class PyJson {
    private PyJson() {
    }

    /**
     * Encodes maps (in iteration order), lists, strings, numbers, booleans, null, {@code ExceptionInfo} and the
     * kombu types.
     *
     * @throws IllegalArgumentException for a value JSON cannot hold
     */
    public static String write(@Nullable Object value) {
        return PyJsonWriter.write(value);
    }

    /**
     * Decodes JSON text to plain Java values, unwrapping {@code {"__type__", "__value__"}} envelopes.
     *
     * @throws ProtocolException (DECODE_ERROR) for text that is not JSON
     */
    public static @Nullable Object read(String json) {
        try {
            return TreeValues.toJava(Serializers.readJsonTree(json), true);
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR, "not JSON: " + e.getMessage(), e);
        }
    }
}
