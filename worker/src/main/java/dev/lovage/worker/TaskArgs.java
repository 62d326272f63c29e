package dev.lovage.worker;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task's positional and keyword arguments as they arrived, with typed access. Immutable. A missing argument or one
 * of the wrong type fails the task with Python's {@code TypeError}, as calling a Python function wrongly would.
 *
 * @since 0.1
 */
public final class TaskArgs {
    private final List<@Nullable Object> positional;
    private final Map<String, @Nullable Object> keyword;

    public TaskArgs(List<@Nullable Object> positional, Map<String, @Nullable Object> keyword) {
        this.positional = Collections.unmodifiableList(new ArrayList<>(positional));
        this.keyword = Collections.unmodifiableMap(new LinkedHashMap<>(keyword));
    }

    /** The positional arguments, possibly holding nulls. */
    public List<@Nullable Object> positional() {
        return positional;
    }

    /** The keyword arguments in arrival order. */
    public Map<String, @Nullable Object> keyword() {
        return keyword;
    }

    public int size() {
        return positional.size();
    }

    /** Positional argument {@code i}, or keyword {@code name} when fewer positional arguments were given. */
    public @Nullable Object get(int i, String name) {
        if (i < positional.size()) {
            return positional.get(i);
        }
        if (keyword.containsKey(name)) {
            return keyword.get(name);
        }
        throw new PythonException("builtins", "TypeError", "missing required argument " + i + " ('" + name + "')");
    }

    public int intAt(int i) {
        return Math.toIntExact(longValue(at(i), "argument " + i));
    }

    public long longAt(int i) {
        return longValue(at(i), "argument " + i);
    }

    public double doubleAt(int i) {
        if (at(i) instanceof Number n) {
            return n.doubleValue();
        }
        throw typeError("argument " + i, "a number", at(i));
    }

    public String stringAt(int i) {
        return at(i, String.class);
    }

    /** Positional argument {@code i}, which must exist. */
    public @Nullable Object at(int i) {
        if (i >= positional.size()) {
            throw new PythonException("builtins", "TypeError",
                    "missing required positional argument " + i + " (got " + positional.size() + ")");
        }
        return positional.get(i);
    }

    /** Positional argument {@code i} as {@code type}; null stays null. */
    public <T> @Nullable T at(int i, Class<T> type) {
        return cast(at(i), type, "argument " + i);
    }

    /** Keyword argument {@code name} as {@code type}, or null when absent. */
    public <T> @Nullable T kwarg(String name, Class<T> type) {
        return cast(keyword.get(name), type, "keyword argument '" + name + "'");
    }

    /** Keyword argument {@code name} as {@code type}, or {@code fallback} when absent or null. */
    public <T> T kwarg(String name, Class<T> type, T fallback) {
        T value = kwarg(name, type);
        return value == null ? fallback : value;
    }

    /** The numeric value of an int-like argument (Integer, Long, BigInteger, or a float with no fraction). */
    static long longValue(@Nullable Object value, String what) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (value instanceof BigDecimal d) {
            return d.longValueExact();
        }
        throw typeError(what, "an int", value);
    }

    private static <T> @Nullable T cast(@Nullable Object value, Class<T> type, String what) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw typeError(what, type.getSimpleName(), value);
    }

    private static PythonException typeError(String what, String expected, @Nullable Object got) {
        return new PythonException("builtins", "TypeError", what + ": expected " + expected + ", got "
                + (got == null ? "None" : got.getClass().getSimpleName() + " " + got));
    }

    @Override
    public String toString() {
        return "TaskArgs" + positional + keyword;
    }
}
