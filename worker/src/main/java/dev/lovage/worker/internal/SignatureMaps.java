package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Signature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the worker's canvas code asks of a signature; the dict form itself is {@link SignatureDicts}. */
final class SignatureMaps {
    private SignatureMaps() {
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
