package dev.lovage.protocol.internal;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.Signature;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON byte for byte as Python's {@code json.dumps(value)} does with its defaults ({@code ", "} and
 * {@code ": "}, {@code ensure_ascii=True}, float repr), and kombu 5.3+ envelopes for the types plain JSON lacks
 * ({@link KombuJson}). One instance per call; the static entry point is thread-safe.
 */
public final class PyJsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;

    private PyJsonWriter(StringBuilder out) {
        this.out = out;
    }

    /**
     * The JSON text of {@code value}.
     *
     * @throws IllegalArgumentException naming the type of a value or key Python's encoder would refuse
     */
    public static String write(@Nullable Object value) {
        StringBuilder sb = new StringBuilder(64);
        new PyJsonWriter(sb).value(value);
        return sb.toString();
    }

    private void value(@Nullable Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s);
            case Boolean b -> out.append(b ? "true" : "false");
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case BigInteger i -> out.append(i);
            case Double d -> out.append(PythonFloat.repr(d));
            case Float f -> out.append(PythonFloat.repr(f.doubleValue()));
            case Map<?, ?> m -> map(m);
            case Iterable<?> it -> array(it.iterator());
            case ExceptionInfo e -> exception(e);
            case Signature sig -> map(sig.toDict());
            case CharSequence cs -> string(cs.toString());
            default -> other(v);
        }
    }

    private void other(Object v) {
        KombuJson.Envelope envelope = KombuJson.encode(v);
        if (envelope != null) {
            out.append("{\"__type__\": ");
            string(envelope.type());
            out.append(", \"__value__\": ");
            value(envelope.payload());
            out.append('}');
        } else if (v.getClass().isArray()) {
            // Object[] and primitive arrays (byte[] is bytes, handled above) are JSON arrays, like tuples in Python.
            out.append('[');
            for (int i = 0, n = Array.getLength(v); i < n; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                value(Array.get(v, i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("Object of type " + v.getClass().getName() + " is not JSON"
                    + " serializable: use null, Boolean, Integer/Long/BigInteger, Double, String, List, Map,"
                    + " ExceptionInfo, java.time values, BigDecimal, UUID or byte[]");
        }
    }

    // Mirrors celery/backends/base.py prepare_exception: exc_type, exc_message, exc_module, in that order.
    private void exception(ExceptionInfo e) {
        out.append("{\"exc_type\": ");
        string(e.excType());
        out.append(", \"exc_message\": ");
        array(e.excMessage().iterator());
        out.append(", \"exc_module\": ");
        value(e.excModule());
        out.append('}');
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

    // Mirrors json.encoder: str keys as is; float, True/False/None and int keys are converted; others a TypeError.
    private void key(@Nullable Object k) {
        switch (k) {
            case null -> out.append("\"null\"");
            case String s -> string(s);
            case CharSequence cs -> string(cs.toString());
            case Boolean b -> out.append(b ? "\"true\"" : "\"false\"");
            case Double d -> string(PythonFloat.repr(d));
            case Float f -> string(PythonFloat.repr(f.doubleValue()));
            case Integer i -> string(i.toString());
            case Long l -> string(l.toString());
            case Short s -> string(s.toString());
            case Byte b -> string(b.toString());
            case BigInteger i -> string(i.toString());
            default -> throw new IllegalArgumentException("keys must be str, int, float, bool or None, not "
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

    // Mirrors json.encoder.py_encode_basestring_ascii: every char outside ' '..'~' is escaped, lowercase hex; astral
    // characters are already surrogate pairs in a Java string, which is what Python writes.
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
