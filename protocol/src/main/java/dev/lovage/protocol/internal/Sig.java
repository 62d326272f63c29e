package dev.lovage.protocol.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A signature while it is being applied. Python's canvas code freezes signatures by changing them in place, and
 * which copies share an object decides what ends up in each message (a chord's header tasks refer to the body before
 * the body is frozen, and show it frozen when they are sent), so the port keeps Python's object model: mutable nodes
 * that are shared where Python shares them and copied where Python copies ({@code clone}, {@code deepcopy}).
 *
 * <p>Nested signatures are Sig nodes: a chain's or group's {@code kwargs.tasks} (a List), a chord's
 * {@code kwargs.header} (a List, or a group Sig once frozen) and {@code kwargs.body}, and in options {@code link} and
 * {@code link_error} (a List or one Sig), {@code chord} (a Sig) and {@code chain} (a List). Not thread-safe.
 */
final class Sig {
    String task;
    List<@Nullable Object> args;
    Map<String, @Nullable Object> kwargs;
    Map<String, @Nullable Object> options;
    @Nullable String type;
    boolean immutable;

    Sig(String task, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options, @Nullable String type, boolean immutable) {
        this.task = task;
        this.args = args;
        this.kwargs = kwargs;
        this.options = options;
        this.type = type;
        this.immutable = immutable;
    }

    /** A fresh node tree for a Signature, a signature dict or a Sig (returned as is): {@code maybe_signature}. */
    static Sig of(@Nullable Object value) {
        if (value instanceof Sig s) {
            return s;
        }
        Signature s = SignatureDicts.fromDict(value);
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>(s.kwargs());
        String type = s.isChain() ? "chain" : s.isGroup() ? "group" : s.isChord() ? "chord" : s.subtaskType();
        if ("chain".equals(type) || "group".equals(type)) {
            kwargs.put("tasks", many(kwargs.get("tasks")));
        } else if ("chord".equals(type)) {
            Object header = kwargs.get("header");
            kwargs.put("header", header instanceof List<?> ? many(header) : header == null ? new ArrayList<>()
                    : of(header));
            kwargs.put("body", kwargs.get("body") == null ? null : of(kwargs.get("body")));
        }
        Map<String, @Nullable Object> options = new LinkedHashMap<>();
        s.options().forEach((k, v) -> options.put(k, nested(k, v)));
        return new Sig(s.task(), new ArrayList<>(s.args()), kwargs, options, type, s.immutable());
    }

    private static @Nullable Object nested(String key, @Nullable Object v) {
        if (v == null) {
            return null;
        }
        return switch (key) {
            case "link", "link_error", "chain" -> v instanceof List<?> ? many(v) : of(v);
            case "chord" -> of(v);
            default -> SignatureDicts.plain(v);
        };
    }

    static List<@Nullable Object> many(@Nullable Object v) {
        List<@Nullable Object> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(item -> out.add(of(item)));
        } else if (v != null) {
            out.add(of(v));
        }
        return out;
    }

    boolean isChain() {
        return "chain".equals(type);
    }

    boolean isGroup() {
        return "group".equals(type);
    }

    boolean isChord() {
        return "chord".equals(type);
    }

    @SuppressWarnings("unchecked")
    List<Sig> tasks() {
        Object t = kwargs.get("tasks");
        return t == null ? new ArrayList<>() : (List<Sig>) t;
    }

    void setTasks(List<Sig> tasks) {
        kwargs.put("tasks", tasks);
    }

    /** A chord's header: a list of tasks, or a group once frozen. */
    @Nullable Object header() {
        return kwargs.get("header");
    }

    @Nullable Sig body() {
        return (Sig) kwargs.get("body");
    }

    void setBody(@Nullable Sig body) {
        kwargs.put("body", body);
    }

    @Nullable Object id() {
        return options.get("task_id");
    }

    /** A deep copy (Python's deepcopy of an options dict copies the signatures in it). */
    Sig copy() {
        return new Sig(task, new ArrayList<>(args), deep(kwargs), deep(options), type, immutable);
    }

    @SuppressWarnings("unchecked")
    static <T> T deep(T value) {
        if (value instanceof Sig s) {
            return (T) s.copy();
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, @Nullable Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, deep(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<@Nullable Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(deep(v)));
            return (T) out;
        }
        return value;
    }

    /** The immutable value of this node now; nested nodes are snapshotted too. */
    Signature snapshot() {
        return SignatureDicts.fromDict(dict());
    }

    /** The dict form now (what kombu would serialize at this moment). */
    Map<String, @Nullable Object> dict() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("args", plain(args));
        m.put("kwargs", plain(kwargs));
        m.put("options", plain(options));
        m.put("subtask_type", type);
        m.put("immutable", immutable);
        return m;
    }

    @SuppressWarnings("unchecked")
    static @Nullable Object plain(@Nullable Object value) {
        if (value instanceof Sig s) {
            return s.dict();
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
        return SignatureDicts.plain(value);
    }

    /** {@code _with_list_option} + {@code append_to_list_option}: appended unless an equal one is there. */
    void appendToList(String key, Object value) {
        List<@Nullable Object> items = listOption(key);
        Object dict = plain(value);
        if (items.stream().noneMatch(i -> dict.equals(plain(i)))) {
            items.add(value);
        }
    }

    /** {@code extend_list_option}. */
    void extendList(String key, @Nullable Object value) {
        List<@Nullable Object> items = listOption(key);
        if (value instanceof List<?> l) {
            items.addAll(l);
        } else if (value != null) {
            items.add(value);
        }
    }

    @SuppressWarnings("unchecked")
    private List<@Nullable Object> listOption(String key) {
        Object items = options.get(key);
        if (!(items instanceof List<?>)) {
            List<@Nullable Object> wrapped = new ArrayList<>();
            if (options.containsKey(key)) {
                wrapped.add(items);
            }
            options.put(key, wrapped);
            return wrapped;
        }
        return (List<@Nullable Object>) items;
    }

    @Override
    public String toString() {
        return task + (type == null ? "" : "<" + type + ">") + args + options.keySet();
    }
}
