package dev.lovage.protocol.internal;

import dev.lovage.protocol.ExceptionInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON as Python's {@code json.dumps} does with its defaults, and kombu 5.3+'s envelopes for the types plain
 * JSON lacks (kombu/utils/json.py: datetime, date, time, decimal, uuid, bytes, base64).
 */
public final class PyJsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;

    private PyJsonWriter(StringBuilder out) {
        this.out = out;
    }

    public static String write(@Nullable Object value) {
        StringBuilder sb = new StringBuilder(64);
        new PyJsonWriter(sb).value(value);
        return sb.toString();
    }

    private void value(@Nullable Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            out.append(PythonFloat.repr(((Number) v).doubleValue()));
        } else if (v instanceof Map<?, ?> m) {
            map(m);
        } else if (v instanceof Iterable<?> it) {
            array(it.iterator());
        } else if (v instanceof Object[] arr) {
            array(Arrays.asList(arr).iterator());
        } else if (v instanceof ExceptionInfo e) {
            out.append("{\"exc_type\": ");
            string(e.excType());
            out.append(", \"exc_message\": ");
            array(e.excMessage().iterator());
            out.append(", \"exc_module\": ");
            value(e.excModule());
            out.append('}');
        } else if (v instanceof CharSequence cs) {
            string(cs.toString());
        } else {
            kombuType(v);
        }
    }

    private void kombuType(Object v) {
        String type;
        Object payload;
        if (v instanceof OffsetDateTime t) {
            type = "datetime";
            payload = PyIsoFormat.dateTime(t.toLocalDateTime(), t.getOffset());
        } else if (v instanceof ZonedDateTime t) {
            type = "datetime";
            payload = PyIsoFormat.dateTime(t.toLocalDateTime(), t.getOffset());
        } else if (v instanceof Instant t) {
            type = "datetime";
            payload = PyIsoFormat.dateTime(LocalDateTime.ofInstant(t, ZoneOffset.UTC), ZoneOffset.UTC);
        } else if (v instanceof LocalDateTime t) {
            type = "datetime";
            payload = PyIsoFormat.dateTime(t, null);
        } else if (v instanceof LocalDate d) {
            type = "date";
            payload = d.toString();
        } else if (v instanceof LocalTime t) {
            type = "time";
            payload = PyIsoFormat.time(t);
        } else if (v instanceof BigDecimal d) {
            type = "decimal";
            payload = d.toString();
        } else if (v instanceof UUID u) {
            type = "uuid";
            payload = Map.of("hex", u.toString().replace("-", ""));
        } else if (v instanceof byte[] b) {
            String text = utf8(b);
            type = text != null ? "bytes" : "base64";
            payload = text != null ? text : Base64.getEncoder().encodeToString(b);
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON: use null,"
                    + " Boolean, Number, String, List, Map, java.time values, BigDecimal, UUID or byte[]");
        }
        out.append("{\"__type__\": ");
        string(type);
        out.append(", \"__value__\": ");
        value(payload);
        out.append('}');
    }

    private static @Nullable String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void map(Map<?, ?> m) {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            key(e.getKey());
            out.append(": ");
            value(e.getValue());
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        out.append('}');
    }

    /** Python turns int, float, bool and None keys into strings; other keys are a TypeError there too. */
    private void key(@Nullable Object k) {
        if (k instanceof String s) {
            string(s);
        } else if (k == null) {
            out.append("\"null\"");
        } else if (k instanceof Boolean b) {
            out.append(b ? "\"true\"" : "\"false\"");
        } else if (k instanceof Double || k instanceof Float) {
            string(PythonFloat.repr(((Number) k).doubleValue()));
        } else if (k instanceof Number n) {
            string(n.toString());
        } else {
            throw new IllegalArgumentException("JSON object keys must be str, int, float, bool or None, not "
                    + k.getClass().getName());
        }
    }

    private void array(Iterator<?> it) {
        out.append('[');
        while (it.hasNext()) {
            value(it.next());
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        out.append(']');
    }

    // Mirrors json.encoder.py_encode_basestring_ascii: everything outside ' '..'~' is escaped.
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    }
                }
            }
        }
        out.append('"');
    }
}
