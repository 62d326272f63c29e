package dev.lovage.protocol.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code repr} of JSON-like values, for log lines that copy Celery's ({@code succeeded in 0.001s: 5}) and
 * for argsrepr. Long output is cut like Celery's saferepr.
 */
public final class PyRepr {
    private static final int MAX = 1024;

    private PyRepr() {
    }

    public static String repr(@Nullable Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.length() > MAX ? sb.substring(0, MAX) + "..." : sb.toString();
    }

    /** A Python tuple's repr: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String tupleRepr(List<?> items) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            append(sb, items.get(i));
        }
        if (items.size() == 1) {
            sb.append(',');
        }
        String out = sb.append(')').toString();
        return out.length() > MAX ? out.substring(0, MAX) + "..." : out;
    }

    private static void append(StringBuilder sb, @Nullable Object v) {
        if (sb.length() > MAX) {
            return;
        }
        if (v == null) {
            sb.append("None");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof CharSequence s) {
            string(sb, s.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : floatText(d));
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(sb, e.getKey());
                sb.append(": ");
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                append(sb, it.next());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append(']');
        } else if (v instanceof byte[] bytes) {
            sb.append("b'<").append(bytes.length).append(" bytes>'");
        } else {
            sb.append(v);
        }
    }

    private static String floatText(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return Long.toString((long) d) + ".0";
        }
        return Double.toString(d).replace("E", "e");
    }

    private static void string(StringBuilder sb, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append(quote);
    }
}
