package dev.lovage.protocol.codec;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.internal.BodyReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Signatures in the dict form Celery puts on the wire and in results ({@code celery/canvas.py Signature}: task,
 * args, kwargs, options, subtask_type, immutable, then any other keys), and back ({@code Signature.from_dict}).
 * Nested signatures live in known places: a chain's or group's {@code kwargs.tasks}, a chord's {@code kwargs.header}
 * (a list, or a group once frozen) and {@code kwargs.body}, and the options {@code link}, {@code link_error},
 * {@code chord} and {@code chain}. Reading turns those into Signatures; writing turns every Signature into a dict.
 * Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class SignatureDicts {
    private static final Set<String> KEYS = Set.of("task", "args", "kwargs", "options", "subtask_type", "immutable");
    private static final List<String> SIGNATURE_OPTIONS = List.of("link", "link_error", "chord", "chain");

    private SignatureDicts() {
    }

    /** The dict of {@code s}, keys in Celery's order, nested signatures (at any depth) as dicts too. */
    public static Map<String, @Nullable Object> toDict(Signature s) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("task", s.task());
        m.put("args", plain(s.args()));
        m.put("kwargs", plain(s.kwargs()));
        m.put("options", plain(s.options()));
        m.put("subtask_type", s.subtaskType());
        m.put("immutable", s.immutable());
        s.extra().forEach((k, v) -> m.put(k, plain(v)));
        return m;
    }

    /** The dicts of {@code sigs}, in order. */
    public static List<Map<String, @Nullable Object>> toDicts(List<Signature> sigs) {
        List<Map<String, @Nullable Object>> out = new ArrayList<>(sigs.size());
        sigs.forEach(s -> out.add(toDict(s)));
        return out;
    }

    /** {@code value} with every Signature inside it, at any depth, replaced by its dict. */
    @SuppressWarnings("unchecked")
    public static @Nullable Object plain(@Nullable Object value) {
        if (value instanceof Signature s) {
            return toDict(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, @Nullable Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }

    /**
     * A signature from its dict form (or a Signature, returned as is): missing or null args, kwargs and options are
     * empty, as {@code Signature.__init__} makes them; other keys are kept in {@link Signature#extra()}; nested
     * signatures in the known places become Signatures.
     *
     * @throws ProtocolException INVALID_TASK when it is not a mapping or has no task name
     */
    @SuppressWarnings("unchecked")
    public static Signature fromDict(@Nullable Object v) {
        if (v instanceof Signature s) {
            return s;
        }
        if (!(v instanceof Map<?, ?> raw)) {
            throw new ProtocolException(Reason.INVALID_TASK, "a signature must be a mapping, got "
                    + BodyReader.describe(v));
        }
        Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) raw;
        Object task = m.get("task");
        if (task == null) {
            throw new ProtocolException(Reason.INVALID_TASK, "a signature has no task name: " + m.keySet());
        }
        Map<String, @Nullable Object> extra = new LinkedHashMap<>();
        m.forEach((k, val) -> {
            if (!KEYS.contains(k)) {
                extra.put(k, val);
            }
        });
        Object args = m.get("args");
        Object subtaskType = m.get("subtask_type");
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>(m.get("kwargs") == null ? Map.of()
                : BodyReader.kwargs(m.get("kwargs")));
        Map<String, @Nullable Object> options = new LinkedHashMap<>(
                m.get("options") instanceof Map<?, ?> o ? (Map<String, @Nullable Object>) o : Map.of());
        String type = subtaskType == null ? null : subtaskType.toString();
        if ("chain".equals(type) || "group".equals(type)) {
            replace(kwargs, "tasks", SignatureDicts::many);
        } else if ("chord".equals(type)) {
            replace(kwargs, "header", h -> h instanceof List<?> ? many(h) : fromDict(h));
            replace(kwargs, "body", b -> b == null ? null : fromDict(b));
        }
        for (String key : SIGNATURE_OPTIONS) {
            replace(options, key, o -> o instanceof List<?> ? many(o) : o == null ? null : fromDict(o));
        }
        return new Signature(task.toString(), args == null ? List.of() : BodyReader.args(args), kwargs, options,
                type, Boolean.TRUE.equals(m.get("immutable")), extra);
    }

    private static void replace(Map<String, @Nullable Object> m, String key,
            Function<@Nullable Object, @Nullable Object> f) {
        if (m.containsKey(key)) {
            m.put(key, f.apply(m.get(key)));
        }
    }

    /** A value that may be one signature or a list of them ({@code link}, {@code link_error}); null is none. */
    public static List<Signature> many(@Nullable Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            return List.of(fromDict(v));
        }
        List<Signature> out = new ArrayList<>(l.size());
        l.forEach(item -> out.add(fromDict(item)));
        return out;
    }

    /** A chain's or group's tasks, a chord's header tasks (a list, or a group's tasks); else none. */
    public static List<Signature> members(Signature s) {
        if (s.isChain() || s.isGroup()) {
            return many(s.kwargs().get("tasks"));
        }
        if (s.isChord()) {
            Object header = s.kwargs().get("header");
            if (header instanceof List<?>) {
                return many(header);
            }
            return header == null ? List.of() : fromDict(header).tasks();
        }
        return List.of();
    }
}
