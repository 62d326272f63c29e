package dev.lovage.worker.internal.typed;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Python's names for Java types and values, as a TypeError message spells them ({@code list[int]}, {@code str}). */
final class PyTypes {
    private PyTypes() {
    }

    /** The Python type name of a value as the decoder produced it; None for null, as CPython's argument parser says. */
    static String ofValue(@Nullable Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> "bool";
            case Integer i -> "int";
            case Long l -> "int";
            case BigInteger i -> "int";
            case Short s -> "int";
            case Byte b -> "int";
            case Double d -> "float";
            case Float f -> "float";
            case BigDecimal d -> "Decimal";
            case CharSequence s -> "str";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case byte[] b -> "bytes";
            case OffsetDateTime t -> "datetime";
            case LocalDateTime t -> "datetime";
            case LocalDate d -> "date";
            case LocalTime t -> "time";
            case OffsetTime t -> "time";
            case UUID u -> "UUID";
            default -> v.getClass().getSimpleName();
        };
    }

    /** How a Python programmer would annotate a parameter of this Java type. */
    static String of(Type type) {
        return switch (type) {
            case Class<?> c -> ofClass(c);
            case ParameterizedType p -> ofParameterized(p);
            case GenericArrayType g -> "list[" + of(g.getGenericComponentType()) + "]";
            case WildcardType w -> w.getUpperBounds().length == 1 ? of(w.getUpperBounds()[0]) : "object";
            default -> "object";
        };
    }

    private static String ofParameterized(ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        if (raw == Optional.class) {
            return of(args[0]) + " | None";
        }
        if (Map.class.isAssignableFrom(raw) && args.length == 2) {
            return "dict[" + of(args[0]) + ", " + of(args[1]) + "]";
        }
        if (Collection.class.isAssignableFrom(raw) && args.length == 1) {
            return (Set.class.isAssignableFrom(raw) ? "set[" : "list[") + of(args[0]) + "]";
        }
        return raw.getSimpleName() + Stream.of(args).map(PyTypes::of).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String ofClass(Class<?> c) {
        if (c == long.class || c == int.class || c == short.class || c == byte.class || c == Long.class
                || c == Integer.class || c == Short.class || c == Byte.class || c == BigInteger.class) {
            return "int";
        }
        if (c == double.class || c == float.class || c == Double.class || c == Float.class) {
            return "float";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "bool";
        }
        if (c == String.class || c == CharSequence.class || c == char.class || c == Character.class || c.isEnum()) {
            return "str";
        }
        if (c == byte[].class) {
            return "bytes";
        }
        if (c.isArray()) {
            return "list[" + ofClass(c.getComponentType()) + "]";
        }
        if (c == Object.class) {
            return "object";
        }
        if (c == BigDecimal.class) {
            return "Decimal";
        }
        if (c == Number.class) {
            return "int | float";
        }
        if (c == OffsetDateTime.class || c == ZonedDateTime.class || c == Instant.class
                || c == LocalDateTime.class) {
            return "datetime";
        }
        if (c == LocalDate.class) {
            return "date";
        }
        if (c == LocalTime.class || c == OffsetTime.class) {
            return "time";
        }
        if (List.class.isAssignableFrom(c) || Collection.class.isAssignableFrom(c)) {
            return "list";
        }
        return Map.class.isAssignableFrom(c) ? "dict" : c.getSimpleName();
    }
}
