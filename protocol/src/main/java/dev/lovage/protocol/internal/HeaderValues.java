package dev.lovage.protocol.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Normalises AMQP field-table values into plain Java: the RabbitMQ client hands strings as {@code LongString}
 * (whose {@code toString()} is the text), nested tables as maps, arrays as lists, timestamps as {@code Date}. The
 * protocol module never sees the AMQP client, so anything unrecognised is read through {@code toString()}.
 */
public final class HeaderValues {
    private HeaderValues() {
    }

    public static Map<String, @Nullable Object> normalise(Map<String, ?> headers) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    public static @Nullable Object value(@Nullable Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), value(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>(l.size());
            l.forEach(item -> out.add(value(item)));
            return out;
        }
        if (v instanceof Object[] arr) {
            List<@Nullable Object> out = new ArrayList<>(arr.length);
            for (Object item : arr) {
                out.add(value(item));
            }
            return out;
        }
        return v.toString();
    }
}
