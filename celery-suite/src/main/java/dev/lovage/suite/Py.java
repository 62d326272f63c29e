package dev.lovage.suite;

import dev.lovage.worker.PythonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The few Python operators the ported tasks use ({@code +}, {@code sum}, truth), on decoded JSON values. */
final class Py {
    private Py() {
    }

    /** Python's {@code a + b} for ints, floats, strings and lists. */
    static Object add(@Nullable Object a, @Nullable Object b) {
        if (isInt(a) && isInt(b)) {
            return narrow(big(a).add(big(b)));
        }
        if (isNumber(a) && isNumber(b)) {
            return ((Number) a).doubleValue() + ((Number) b).doubleValue();
        }
        if (a instanceof String x && b instanceof String y) {
            return x + y;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        throw new PythonException("builtins", "TypeError", "unsupported operand type(s) for +: '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    /** Python's {@code a * b} for numbers. */
    static Object mul(@Nullable Object a, @Nullable Object b) {
        if (isInt(a) && isInt(b)) {
            return narrow(big(a).multiply(big(b)));
        }
        if (isNumber(a) && isNumber(b)) {
            return ((Number) a).doubleValue() * ((Number) b).doubleValue();
        }
        throw new PythonException("builtins", "TypeError", "unsupported operand type(s) for *: '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    /** Python's {@code sum(values)}. */
    static Object sum(@Nullable Object values) {
        Object total = 0;
        for (Object v : iterable(values)) {
            if (!isNumber(v)) {
                throw new PythonException("builtins", "TypeError", "unsupported operand type(s) for +: 'int' and '"
                        + typeName(v) + "'");
            }
            total = add(total, v);
        }
        return total;
    }

    static Collection<?> iterable(@Nullable Object value) {
        if (value instanceof Collection<?> c) {
            return c;
        }
        if (value instanceof Map<?, ?> m) {
            return m.keySet();
        }
        throw new PythonException("builtins", "TypeError", "'" + typeName(value) + "' object is not iterable");
    }

    /** Python's truth of a value. */
    static boolean truthy(@Nullable Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case Number n when isInt(n) -> big(n).signum() != 0;
            case Number n -> n.doubleValue() != 0.0;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static double seconds(@Nullable Object v) {
        if (!isNumber(v)) {
            throw new PythonException("builtins", "TypeError", "an integer or float is required, got "
                    + typeName(v));
        }
        return ((Number) v).doubleValue();
    }

    static boolean isNumber(@Nullable Object v) {
        return v instanceof Number && !(v instanceof BigDecimal);
    }

    static boolean isInt(@Nullable Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Short
                || v instanceof Byte;
    }

    private static BigInteger big(Object v) {
        return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    static String typeName(@Nullable Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Number n when isInt(n) -> "int";
            case Number n -> "float";
            case String s -> "str";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            default -> v.getClass().getSimpleName();
        };
    }

    /** Python's {@code str(v)} for the scalars the tasks write to files and Redis. */
    static String str(@Nullable Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            // redis-py writes bytes as they are; the suite's are UTF-8 text (uuid4().encode())
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> String.valueOf(v);
        };
    }
}
