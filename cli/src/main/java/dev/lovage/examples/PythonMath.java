package dev.lovage.examples;

import dev.lovage.worker.PythonException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Python's + and * on the JSON types: ints stay exact, floats mix in, strings and lists concatenate. */
final class PythonMath {
    private PythonMath() {
    }

    static Object add(@Nullable Object x, @Nullable Object y) {
        if (isInt(x) && isInt(y)) {
            return normalise(big(x).add(big(y)));
        }
        if (x instanceof Number a && y instanceof Number b) {
            return a.doubleValue() + b.doubleValue();
        }
        if (x instanceof String a && y instanceof String b) {
            return a + b;
        }
        if (x instanceof List<?> a && y instanceof List<?> b) {
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
        throw unsupported("+", x, y);
    }

    static Object mul(@Nullable Object x, @Nullable Object y) {
        if (isInt(x) && isInt(y)) {
            return normalise(big(x).multiply(big(y)));
        }
        if (x instanceof Number a && y instanceof Number b) {
            return a.doubleValue() * b.doubleValue();
        }
        if (x instanceof String s && isInt(y)) {
            return s.repeat(Math.max(0, big(y).intValueExact()));
        }
        throw unsupported("*", x, y);
    }

    private static boolean isInt(@Nullable Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    private static BigInteger big(@Nullable Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }

    private static Object normalise(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static PythonException unsupported(String op, @Nullable Object x, @Nullable Object y) {
        return new PythonException("builtins", "TypeError", "unsupported operand type(s) for " + op + ": '"
                + pyType(x) + "' and '" + pyType(y) + "'");
    }

    private static String pyType(@Nullable Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (isInt(v)) {
            return "int";
        }
        if (v instanceof Number) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof List) {
            return "list";
        }
        return v instanceof Map ? "dict" : v.getClass().getSimpleName();
    }
}
