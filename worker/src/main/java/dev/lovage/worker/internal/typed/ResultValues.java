package dev.lovage.worker.internal.typed;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a typed task returned into the values the result encoder writes: JSON types and kombu's typed values
 * pass through untouched (no copy when a list or map holds only those), records and POJOs become dicts through
 * {@link TypedMappers#results()}, enums their names, Optional its value or None.
 */
final class ResultValues {
    private ResultValues() {
    }

    static @Nullable Object toPlain(@Nullable Object v) {
        // The usual results, checked before the type switch, which costs more.
        if (v == null || v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Boolean
                || v instanceof Double) {
            return v;
        }
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> d;
            case BigInteger i -> i;
            case BigDecimal d -> d;
            case Number n -> n;
            case Temporal t -> t;
            case UUID u -> u;
            case byte[] b -> b;
            case Enum<?> e -> e.name();
            case Optional<?> o -> toPlain(o.orElse(null));
            case Map<?, ?> m -> map(m);
            case Collection<?> c -> list(c);
            case Object[] a -> list(List.of(a));
            default -> v.getClass().isArray() ? v : bean(v);
        };
    }

    private static Object map(Map<?, ?> m) {
        Map<String, @Nullable Object> out = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object value = toPlain(e.getValue());
            if (out == null && (value != e.getValue() || !(e.getKey() instanceof String))) {
                out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> before : m.entrySet()) {
                    if (before == e || before.getKey() == e.getKey()) {
                        break;
                    }
                    out.put(key(before.getKey()), before.getValue());
                }
            }
            if (out != null) {
                out.put(key(e.getKey()), value);
            }
        }
        return out != null ? out : m;
    }

    // Python's json.dumps writes int, float, bool and None keys as strings; so do we.
    private static String key(@Nullable Object k) {
        return k == null ? "null" : k instanceof Enum<?> e ? e.name() : k.toString();
    }

    private static Object list(Collection<?> c) {
        List<@Nullable Object> out = null;
        int i = 0;
        for (Object item : c) {
            Object value = toPlain(item);
            if (out == null && (value != item || !(c instanceof List))) {
                out = new ArrayList<>(c.size());
                int j = 0;
                for (Object before : c) {
                    if (j++ == i) {
                        break;
                    }
                    out.add(before);
                }
            }
            if (out != null) {
                out.add(value);
            }
            i++;
        }
        return out != null ? out : c;
    }

    private static @Nullable Object bean(Object v) {
        return toPlain(TypedMappers.results().convertValue(v, Object.class));
    }
}
