package dev.lovage.protocol.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Normalises AMQP field-table values into plain Java, recursively. The RabbitMQ client hands strings as
 * {@code LongString} (whose {@code toString()} is the text), nested tables as maps, arrays as lists, timestamps as
 * {@code Date}. The protocol module never sees the AMQP client, so anything it does not recognise is read through
 * {@code toString()}. Stateless.
 */
public final class HeaderValues {
    private HeaderValues() {
    }

    /** A mutable copy of {@code headers} in their iteration order, every value {@linkplain #value normalised}. */
    public static Map<String, @Nullable Object> normalise(Map<String, ?> headers) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    /**
     * One header value as plain Java: null, String, Boolean, Integer, Long, BigInteger, Double, BigDecimal,
     * Instant (from Date), List or Map (with String keys); byte[] is read as UTF-8 text (AMQP {@code x} byte
     * arrays carry text from py-amqp); any other object is its {@code toString()}.
     */
    public static @Nullable Object value(@Nullable Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> d;
            case BigDecimal d -> d;
            case BigInteger i -> i;
            case Float f -> f.doubleValue();
            case Short s -> s.intValue();
            case Byte b -> b.intValue();
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case Date d -> d.toInstant();
            case Map<?, ?> m -> map(m);
            case Collection<?> c -> list(c);
            case Object[] arr -> list(Arrays.asList(arr));
            default -> v.toString();
        };
    }

    private static Map<String, @Nullable Object> map(Map<?, ?> m) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), value(val)));
        return out;
    }

    private static List<@Nullable Object> list(Collection<?> c) {
        List<@Nullable Object> out = new ArrayList<>(c.size());
        c.forEach(item -> out.add(value(item)));
        return out;
    }
}
