package dev.lovage.protocol.codec;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.internal.PyJsonWriter;
import dev.lovage.protocol.internal.Serializers;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * JSON exactly as Python's {@code json.dumps(value)} writes it with its defaults ({@code ", "} and {@code ": "}
 * separators, {@code ensure_ascii=True}, Python float repr), with kombu 5.3+ envelopes for java.time values,
 * BigDecimal, UUID and byte[]: the format of Celery result documents and of kombu JSON messages. Reading accepts
 * any JSON and both kombu dialects. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class PyJson {
    private PyJson() {
    }

    /**
     * Encodes a value as Python would: maps in iteration order (String keys; Integer, Long, BigInteger, Double,
     * Boolean and null keys converted as Python converts int, float, bool and None keys), lists, any Iterable and
     * arrays as JSON arrays, Strings and CharSequences, Integer/Long/Short/Byte/BigInteger as ints, Double and Float
     * as Python's float repr ({@code 1e-05}, {@code 1e+16}, {@code NaN}, {@code Infinity}), Boolean, null,
     * {@link dev.lovage.protocol.ExceptionInfo} as {@code {"exc_type", "exc_message", "exc_module"}}, and in
     * kombu envelopes OffsetDateTime, ZonedDateTime, Instant (as UTC), LocalDateTime, LocalDate, LocalTime,
     * OffsetTime, BigDecimal, UUID and byte[].
     *
     * @param value the value, may be null (written as {@code null})
     * @return the JSON text; ASCII only
     * @throws IllegalArgumentException naming the type of a value or map key that has no JSON form
     */
    public static String write(@Nullable Object value) {
        return PyJsonWriter.write(value);
    }

    /**
     * Decodes JSON text to plain Java values: LinkedHashMap (document order), ArrayList, String, Integer (else Long,
     * else BigInteger), Double (NaN and Infinity included, as Python reads them), Boolean, null. Objects whose keys
     * are exactly {@code __type__} and {@code __value__} become OffsetDateTime (with an offset) or LocalDateTime,
     * LocalDate, LocalTime or OffsetTime, BigDecimal, UUID or byte[]; plain ISO strings (kombu before 5.3) stay
     * Strings.
     *
     * @param json the text, not null
     * @return the value, null for JSON {@code null}
     * @throws ProtocolException (DECODE_ERROR) for text that is not exactly one JSON value, or an unknown or
     *         malformed {@code __type__} envelope
     */
    public static @Nullable Object read(String json) {
        try {
            return Serializers.readJson(json);
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR, "not JSON: " + e.getMessage(), e);
        }
    }
}
