package dev.lovage.worker.internal;

import dev.lovage.protocol.Signature;
import dev.lovage.protocol.internal.BodyReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Signatures as the dicts Celery puts on the wire, and back. Key order follows celery/canvas.py Signature. */
final class SignatureMaps {
    private SignatureMaps() {
    }

    static Map<String, @Nullable Object> toMap(Signature s) {
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

    static List<Map<String, @Nullable Object>> toMaps(List<Signature> sigs) {
        List<Map<String, @Nullable Object>> out = new ArrayList<>(sigs.size());
        sigs.forEach(s -> out.add(toMap(s)));
        return out;
    }

    static Signature fromMap(@Nullable Object v) {
        return BodyReader.signature(v);
    }

    /** A signature value that may be one signature or a list of them (link, link_error). */
    static List<Signature> many(@Nullable Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<Signature> out = new ArrayList<>(l.size());
            l.forEach(item -> out.add(fromMap(item)));
            return out;
        }
        return List.of(fromMap(v));
    }

    /** A copy of {@code s} with {@code extra} merged over its options. */
    static Signature withOptions(Signature s, Map<String, @Nullable Object> extra) {
        Map<String, @Nullable Object> options = new LinkedHashMap<>(s.options());
        options.putAll(extra);
        return new Signature(s.task(), s.args(), s.kwargs(), options, s.subtaskType(), s.immutable(), s.extra());
    }

    static boolean isChain(Signature s) {
        return "chain".equals(s.subtaskType()) || "celery.chain".equals(s.task()) && s.kwargs().containsKey("tasks");
    }

    static boolean isGroup(Signature s) {
        return "group".equals(s.subtaskType()) || "celery.group".equals(s.task()) && s.kwargs().containsKey("tasks");
    }

    static boolean isChord(Signature s) {
        return "chord".equals(s.subtaskType()) || "celery.chord".equals(s.task()) && s.kwargs().containsKey("header");
    }
}
