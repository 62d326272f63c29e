package dev.lovage.protocol.codec;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.internal.BodyReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Signatures in the dict form Celery puts on the wire and in results ({@code celery/canvas.py Signature}: task,
 * args, kwargs, options, subtask_type, immutable, then any other keys), and back. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class SignatureDicts {
    private SignatureDicts() {
    }

    /** The dict of {@code s}, keys in Celery's order. */
    public static Map<String, @Nullable Object> toDict(Signature s) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("task", s.task());
        m.put("args", s.args());
        m.put("kwargs", s.kwargs());
        m.put("options", s.options());
        m.put("subtask_type", s.subtaskType());
        m.put("immutable", s.immutable());
        m.putAll(s.extra());
        return m;
    }

    /** The dicts of {@code sigs}, in order. */
    public static List<Map<String, @Nullable Object>> toDicts(List<Signature> sigs) {
        List<Map<String, @Nullable Object>> out = new ArrayList<>(sigs.size());
        sigs.forEach(s -> out.add(toDict(s)));
        return out;
    }

    /**
     * A signature from its dict form: missing or null args, kwargs and options are empty, as
     * {@code Signature.__init__} makes them; other keys are kept in {@link Signature#extra()}.
     *
     * @throws ProtocolException INVALID_TASK when it is not a mapping or has no task name
     */
    public static Signature fromDict(@Nullable Object dict) {
        return BodyReader.signature(dict);
    }

    /** A value that may be one signature or a list of them ({@code link}, {@code link_error}); null is none. */
    public static List<Signature> many(@Nullable Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<Signature> out = new ArrayList<>(l.size());
            l.forEach(item -> out.add(fromDict(item)));
            return out;
        }
        return List.of(fromDict(v));
    }
}
