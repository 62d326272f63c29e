package dev.lovage.protocol.internal;

import dev.lovage.protocol.Embed;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a protocol v2 body {@code [args, kwargs, embed]} and the signatures inside it. */
public final class BodyReader {
    private static final Set<String> SIGNATURE_KEYS = Set.of("task", "args", "kwargs", "options", "subtask_type",
            "immutable");

    private BodyReader() {
    }

    public static TaskBody v2(@Nullable Object body) {
        if (!(body instanceof List<?> parts) || parts.size() < 2 || parts.size() > 3) {
            throw new ProtocolException(Reason.INVALID_TASK,
                    "a protocol 2 body must be [args, kwargs, embed], got " + describe(body));
        }
        Embed embed = parts.size() == 3 ? embed(parts.get(2)) : Embed.EMPTY;
        return new TaskBody(args(parts.get(0)), kwargs(parts.get(1)), embed);
    }

    @SuppressWarnings("unchecked")
    static List<@Nullable Object> args(@Nullable Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            throw new ProtocolException(Reason.INVALID_TASK, "task args must be a list, got " + describe(v));
        }
        return (List<@Nullable Object>) v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> kwargs(@Nullable Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            // Mirrors celery/worker/request.py: "Task keyword arguments must be a mapping".
            throw new ProtocolException(Reason.INVALID_TASK, "task keyword arguments must be a mapping, got "
                    + describe(v));
        }
        return (Map<String, @Nullable Object>) v;
    }

    /** Embed may be null or miss keys (fast_trace_task does {@code **embed or {}}). */
    public static Embed embed(@Nullable Object v) {
        if (v == null) {
            return Embed.EMPTY;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ProtocolException(Reason.INVALID_TASK, "the embed part must be a mapping, got " + describe(v));
        }
        return new Embed(signatures(m.get("callbacks")), signatures(m.get("errbacks")), signatures(m.get("chain")),
                m.get("chord") == null ? null : signature(m.get("chord")));
    }

    static List<Signature> signatures(@Nullable Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            return List.of(signature(v));
        }
        List<Signature> out = new ArrayList<>(l.size());
        for (Object item : l) {
            out.add(signature(item));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Signature signature(@Nullable Object v) {
        if (!(v instanceof Map<?, ?> raw)) {
            throw new ProtocolException(Reason.INVALID_TASK, "a signature must be a mapping, got " + describe(v));
        }
        Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) raw;
        Object task = m.get("task");
        if (task == null) {
            throw new ProtocolException(Reason.INVALID_TASK, "a signature has no task name: " + m.keySet());
        }
        Map<String, @Nullable Object> extra = new LinkedHashMap<>();
        m.forEach((k, val) -> {
            if (!SIGNATURE_KEYS.contains(k)) {
                extra.put(k, val);
            }
        });
        Object options = m.get("options");
        return new Signature(task.toString(), args(m.get("args")), kwargs(m.get("kwargs")),
                options instanceof Map<?, ?> ? (Map<String, @Nullable Object>) options : Map.of(),
                m.get("subtask_type") == null ? null : m.get("subtask_type").toString(),
                Boolean.TRUE.equals(m.get("immutable")), extra);
    }

    static String describe(@Nullable Object v) {
        if (v == null) {
            return "null";
        }
        String type = v instanceof List ? "a list of " + ((List<?>) v).size()
                : v instanceof Map ? "a mapping" : "a " + v.getClass().getSimpleName();
        return type;
    }
}
