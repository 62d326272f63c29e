package dev.lovage.protocol.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The editing methods of celery/canvas.py ({@code link}, {@code link_error}, {@code set_immutable}, {@code stamp},
 * {@code clone}) for immutable signatures: each returns a changed copy where Python changes the object in place.
 */
public final class SignatureEdits {
    private SignatureEdits() {
    }

    /** Signature.link, group.link (first task, immutable copy) and chord.link (the body). */
    public static Signature link(Signature s, Signature callback) {
        if (s.isChord()) {
            Signature body = s.body();
            return body == null ? s : withKwarg(s, "body", link(body, callback));
        }
        if (s.isGroup() && !s.tasks().isEmpty()) {
            List<Signature> tasks = new ArrayList<>(s.tasks());
            tasks.set(0, link(tasks.get(0), callback.withImmutable(true)));
            return withKwarg(s, "tasks", tasks);
        }
        return append(s, "link", callback);
    }

    /**
     * Signature.link_error; group.link_error (every task); chord.link_error (the body and chords nested in the
     * header, as with task_allow_error_cb_on_chord_header off, Celery's default).
     */
    public static Signature linkError(Signature s, Signature errback) {
        if (s.isGroup()) {
            List<Signature> tasks = new ArrayList<>();
            s.tasks().forEach(t -> tasks.add(linkError(t, errback)));
            return withKwarg(s, "tasks", tasks);
        }
        if (s.isChord()) {
            List<Signature> header = new ArrayList<>();
            s.tasks().forEach(t -> header.add(t.isChord() ? linkError(t, errback) : t));
            Signature body = s.body();
            Signature out = withKwarg(s, "header", header);
            return body == null ? out : withKwarg(out, "body", linkError(body, errback));
        }
        return append(s, "link_error", errback);
    }

    /** set_immutable: a group's or chord's (header) tasks, else the signature itself. */
    public static Signature immutable(Signature s, boolean value) {
        if (s.isGroup() || s.isChord()) {
            List<Signature> tasks = new ArrayList<>();
            s.tasks().forEach(t -> tasks.add(immutable(t, value)));
            return withKwarg(s, s.isGroup() ? "tasks" : "header", tasks);
        }
        return new Signature(s.task(), s.args(), s.kwargs(), s.options(), s.subtaskType(), value, s.extra());
    }

    /** Signature.clone(args, kwargs): partial args in front and kwargs merged, unless immutable. */
    public static Signature clone(Signature s, List<?> partialArgs, Map<String, ?> partialKwargs) {
        if (s.immutable()) {
            return s;
        }
        List<@Nullable Object> args = new ArrayList<>(partialArgs);
        args.addAll(s.args());
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>(s.kwargs());
        kwargs.putAll(partialKwargs);
        return new Signature(s.task(), args, kwargs, s.options(), s.subtaskType(), false, s.extra());
    }

    /**
     * Signature.stamp without a visitor: links, link errors, (header) tasks and chain steps are stamped too; a
     * chord's body is not (Celery stamps it only through a visitor); a chain or group keeps its own options.
     */
    public static Signature stamp(Signature s, Map<String, ?> stamps) {
        Signature out = s;
        for (String key : List.of("link", "link_error")) {
            Object v = s.options().get(key);
            if (v != null) {
                List<Signature> stamped = new ArrayList<>();
                SignatureDicts.many(v).forEach(l -> stamped.add(stamp(l, stamps)));
                out = out.set(key, stamped);
            }
        }
        if (s.isChain() || s.isGroup() || s.isChord()) {
            List<Signature> tasks = new ArrayList<>();
            s.tasks().forEach(t -> tasks.add(stamp(t, stamps)));
            return withKwarg(out, s.isChord() ? "header" : "tasks", tasks);
        }
        Set<String> names = new LinkedHashSet<>(stamps.keySet());
        if (s.options().get("stamped_headers") instanceof List<?> old) {
            old.forEach(n -> names.add(String.valueOf(n)));
        }
        Map<String, @Nullable Object> set = new LinkedHashMap<>(stamps);
        set.put("stamped_headers", new ArrayList<>(names));
        return out.set(set);
    }

    private static Signature append(Signature s, String key, Signature value) {
        List<@Nullable Object> items = new ArrayList<>();
        Object current = s.options().get(key);
        if (current instanceof List<?> l) {
            items.addAll(l);
        } else if (current != null) {
            items.add(current);
        }
        Map<String, @Nullable Object> dict = value.toDict();
        boolean present = items.stream().anyMatch(i -> SignatureDicts.plain(i).equals(dict));
        if (!present) {
            items.add(value);
        }
        return s.set(key, items);
    }

    static Signature withoutOption(Signature s, String option) {
        Map<String, @Nullable Object> o = new LinkedHashMap<>(s.options());
        o.remove(option);
        return new Signature(s.task(), s.args(), s.kwargs(), o, s.subtaskType(), s.immutable(), s.extra());
    }

    static Signature withKwarg(Signature s, String key, @Nullable Object value) {
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>(s.kwargs());
        kwargs.put(key, value);
        return new Signature(s.task(), s.args(), kwargs, s.options(), s.subtaskType(), s.immutable(), s.extra());
    }
}
