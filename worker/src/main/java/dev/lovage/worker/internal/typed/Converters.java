package dev.lovage.worker.internal.typed;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.lovage.worker.PythonException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Picks, once per parameter, how its values are converted: the JSON scalar types directly (strictly: a str is never
 * an int, a float never an int, a bool never a number, as a typed Python signature would mean), everything else
 * through Jackson ({@link TypedMappers#arguments()}), so records, POJOs and generic collections work.
 */
final class Converters {
    private Converters() {
    }

    static ValueConverter forType(Type type, ObjectMapper mapper) {
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            ValueConverter inner = forType(p.getActualTypeArguments()[0], mapper);
            return v -> v == null ? Optional.empty() : Optional.ofNullable(inner.convert(v));
        }
        if (type instanceof ParameterizedType p && isPlainContainer(p)) {
            Class<?> raw = (Class<?>) p.getRawType();
            ValueConverter viaJackson = jackson(type, mapper);
            return v -> raw.isInstance(v) || v == null ? v : viaJackson.convert(v);
        }
        if (!(type instanceof Class<?> c)) {
            return jackson(type, mapper);
        }
        ValueConverter scalar = scalar(c);
        if (scalar != null) {
            return c.isPrimitive() ? scalar : v -> v == null ? null : scalar.convert(v);
        }
        if (c == Object.class) {
            return ValueConverter.IDENTITY;
        }
        return jackson(type, mapper);
    }

    // List<Object>, Map<String, Object> and the like: a decoded list or dict already is one.
    private static boolean isPlainContainer(ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        if (raw != List.class && raw != Map.class) {
            return false;
        }
        for (Type arg : p.getActualTypeArguments()) {
            if (arg != Object.class && arg != String.class || raw == List.class && arg == String.class) {
                return false;
            }
        }
        return raw == List.class || p.getActualTypeArguments()[0] == String.class;
    }

    // Each converter rejects null (a primitive's None); forType lets None through for the boxed types.
    private static @Nullable ValueConverter scalar(Class<?> c) {
        // The common cases first and without allocation: decoded JSON integers are Integer, Long or BigInteger.
        if (c == long.class || c == Long.class) {
            return v -> v instanceof Long ? v : (Object) toLong(v);
        }
        if (c == int.class || c == Integer.class) {
            return v -> v instanceof Integer ? v : (Object) toInt(v);
        }
        if (c == short.class || c == Short.class) {
            return v -> exact(integer(v), Short.MIN_VALUE, Short.MAX_VALUE, "short").shortValue();
        }
        if (c == BigInteger.class) {
            return Converters::integer;
        }
        if (c == double.class || c == Double.class) {
            return v -> toDouble(v);
        }
        if (c == float.class || c == Float.class) {
            return v -> number(v).floatValue();
        }
        if (c == Number.class) {
            return Converters::number;
        }
        if (c == boolean.class || c == Boolean.class) {
            return v -> toBoolean(v);
        }
        if (c == String.class) {
            return v -> v instanceof String ? v : fail();
        }
        if (c == BigDecimal.class) {
            return Converters::decimal;
        }
        if (c == byte[].class) {
            // kombu's "bytes" envelope is text; a 5.2 client sends bytes as the same text.
            return v -> v instanceof byte[] ? v : v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : fail();
        }
        return null;
    }

    /**
     * The converter of a parameter as a method handle of type {@code (Object)type}: the common primitives straight
     * from the decoded value, without boxing; any other type through its {@link ValueConverter} and a cast.
     */
    static MethodHandle handle(Class<?> type, ValueConverter converter) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            if (type == long.class || type == int.class || type == double.class || type == boolean.class) {
                String name = "to" + Character.toUpperCase(type.getName().charAt(0)) + type.getName().substring(1);
                return lookup.findStatic(Converters.class, name, MethodType.methodType(type, Object.class));
            }
            MethodHandle convert = lookup.findVirtual(ValueConverter.class, "convert",
                    MethodType.methodType(Object.class, Object.class)).bindTo(converter);
            return convert.asType(MethodType.methodType(type, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static long toLong(@Nullable Object v) {
        return v instanceof Long l ? l : v instanceof Integer i ? i
                : exact(integer(v), Long.MIN_VALUE, Long.MAX_VALUE, "long").longValue();
    }

    static int toInt(@Nullable Object v) {
        return v instanceof Integer i ? i : exact(integer(v), Integer.MIN_VALUE, Integer.MAX_VALUE, "int").intValue();
    }

    static double toDouble(@Nullable Object v) {
        return number(v).doubleValue();
    }

    static boolean toBoolean(@Nullable Object v) {
        return v instanceof Boolean b ? b : fail();
    }

    // Mirrors CPython's "Python int too large to convert to C long" (OverflowError) for a Java type's range.
    private static BigInteger exact(BigInteger v, long min, long max, String javaType) {
        if (v.bitLength() > 63 || v.longValue() < min || v.longValue() > max) {
            throw new PythonException("builtins", "OverflowError",
                    "Python int too large to convert to Java " + javaType);
        }
        return v;
    }

    private static BigInteger integer(@Nullable Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        throw new BadValue(null);
    }

    private static Number number(@Nullable Object v) {
        return v instanceof Number n && !(v instanceof BigDecimal) ? n : fail();
    }

    // Decimal from an int, a float (its shortest repr, as str(float) gives), a decimal, or kombu 5.2's str form.
    private static BigDecimal decimal(Object v) {
        return switch (v) {
            case BigDecimal d -> d;
            case Double d -> BigDecimal.valueOf(d);
            case BigInteger b -> new BigDecimal(b);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case String s -> {
                try {
                    yield new BigDecimal(s.trim());
                } catch (NumberFormatException e) {
                    throw new BadValue(null);
                }
            }
            default -> fail();
        };
    }

    private static <T> T fail() {
        throw new BadValue(null);
    }

    private static ValueConverter jackson(Type type, ObjectMapper mapper) {
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        return v -> {
            try {
                return mapper.convertValue(v, javaType);
            } catch (IllegalArgumentException e) {
                throw new BadValue(e.getCause() instanceof JsonMappingException m ? detail(m, v) : null);
            }
        };
    }

    // Where inside the value Jackson gave up, as Python would index it: [1]['y'] must be int, not str.
    private static @Nullable String detail(JsonMappingException e, @Nullable Object root) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            return null;
        }
        StringBuilder where = new StringBuilder();
        Object at = root;
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                where.append("['").append(ref.getFieldName()).append("']");
                at = at instanceof Map<?, ?> m ? m.get(ref.getFieldName()) : null;
            } else {
                where.append('[').append(ref.getIndex()).append(']');
                at = at instanceof List<?> l && ref.getIndex() < l.size() ? l.get(ref.getIndex()) : null;
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return where + " is not a field of " + u.getReferringClass().getSimpleName();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return where + " must be " + PyTypes.of(m.getTargetType()) + ", not " + PyTypes.ofValue(at);
        }
        return where + ": " + e.getOriginalMessage();
    }
}
