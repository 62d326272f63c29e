package dev.lovage.protocol.internal;

import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.PlanStep;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskParent;
import dev.lovage.protocol.TaskRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One {@code apply_async} of a signature, ported from celery/canvas.py 5.7 ({@code Signature}, {@code _chain},
 * {@code group}, {@code _chord}) and celery/app/base.py {@code send_task}: instead of publishing, each message and
 * each chord-size write becomes a {@link PlanStep}, in the order Python performs them. This class holds the
 * dispatch on signature type and the plain-signature methods; {@link ChainApply}, {@link GroupApply} and
 * {@link ChordApply} hold the rest. Single use, not thread-safe.
 */
public final class Apply {
    private static final Set<String> IMMUTABLE_OPTIONS = Set.of("group_id", "stamped_headers");

    final Instant now;
    final Supplier<String> ids;
    final String origin;
    final String replyTo;
    final int protocol;
    final TaskRoutes routes;
    final @Nullable TaskParent parent;
    final List<PlanStep> steps = new ArrayList<>();
    final List<Res> trail = new ArrayList<>();
    final ChainApply chains = new ChainApply(this);
    final GroupApply groups = new GroupApply(this);
    final ChordApply chords = new ChordApply(this);
    private final TaskSend send = new TaskSend(this);

    public Apply(Instant now, Supplier<String> ids, String origin, String replyTo, int protocol, TaskRoutes routes,
            @Nullable TaskParent parent) {
        this.now = now;
        this.ids = ids;
        this.origin = origin;
        this.replyTo = replyTo;
        this.protocol = protocol;
        this.routes = routes;
        this.parent = parent;
    }

    /**
     * {@code sig.apply_async(args, kwargs, **options)} as one plan.
     *
     * @throws IllegalArgumentException for arguments that cannot be serialized or options Celery refuses
     * @throws ProtocolException        for a malformed signature inside the canvas
     */
    public CanvasPlan plan(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
        Res result = applyAsync(Sig.of(sig), new ArrayList<>(args), new LinkedHashMap<>(kwargs),
                new LinkedHashMap<>(options));
        if (result == null) {
            throw new IllegalArgumentException("nothing to apply: " + sig.task() + " is an empty chain");
        }
        List<ResultRef> trailRefs = new ArrayList<>();
        trail.forEach(r -> trailRefs.add(r.toRef()));
        return new CanvasPlan(steps, result.toRef(), trailRefs);
    }

    String uuid() {
        return ids.get();
    }

    boolean useLink() {
        return protocol == 1;
    }

    /** {@code apply_async}, dispatched on the signature's type. {@code options} is this call's own copy. */
    @Nullable Res applyAsync(Sig s, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options) {
        if (s.isChain()) {
            return chains.applyAsync(s, args, kwargs, options);
        }
        if (s.isGroup()) {
            return groups.applyAsync(s, args, kwargs, options);
        }
        if (s.isChord()) {
            return chords.applyAsync(s, args, kwargs, options);
        }
        // Signature.apply_async: None options are dropped, then args, kwargs and options are merged in.
        options.values().removeIf(v -> v == null);
        Merged m = args.isEmpty() && kwargs.isEmpty() && options.isEmpty() ? new Merged(s.args, s.kwargs, s.options)
                : merge(s, args, kwargs, options);
        return send.send(s.task, m.args, m.kwargs, new LinkedHashMap<>(m.options));
    }

    /** {@code freeze}, dispatched on the signature's type. */
    Res freeze(Sig s, @Nullable Object id, @Nullable Object groupId, @Nullable Sig chord, @Nullable Object rootId,
            @Nullable Object parentId, @Nullable Object groupIndex) {
        if (s.isChain()) {
            return chains.freeze(s, id, groupId, chord, rootId, parentId, groupIndex);
        }
        if (s.isGroup()) {
            return groups.freeze(s, id, groupId, chord, rootId, parentId, groupIndex);
        }
        if (s.isChord()) {
            return chords.freeze(s, id, groupId, chord, rootId, parentId, groupIndex);
        }
        Map<String, @Nullable Object> opts = s.options;
        if (!opts.containsKey("task_id")) {
            opts.put("task_id", truthy(id) ? id : uuid());
        }
        Object tid = opts.get("task_id");
        if (truthy(rootId)) {
            opts.put("root_id", rootId);
        }
        if (truthy(parentId)) {
            opts.put("parent_id", parentId);
        }
        if (!opts.containsKey("reply_to")) {
            opts.put("reply_to", replyTo);
        }
        if (truthy(groupId) && !opts.containsKey("group_id")) {
            opts.put("group_id", groupId);
        }
        if (chord != null) {
            opts.put("chord", chord);
        }
        if (groupIndex != null) {
            opts.put("group_index", groupIndex);
        }
        return Res.task(String.valueOf(tid));
    }

    /** {@code sig.link(callback)}: a chord links its body, a group its first task (immutable copy). */
    void link(Sig s, Sig callback) {
        if (s.isChord()) {
            if (s.body() != null) {
                link(s.body(), callback);
            }
        } else if (s.isGroup() && !s.tasks().isEmpty()) {
            Sig cb = cloneSig(callback);
            setImmutable(cb, true);
            link(s.tasks().get(0), cb);
        } else {
            s.appendToList("link", callback);
        }
    }

    /** {@code sig.link_error(errback)}: a group's tasks get copies; a chord its body and nested header chords. */
    void linkError(Sig s, Sig errback) {
        if (s.isGroup()) {
            s.tasks().forEach(t -> linkError(t, cloneSig(errback)));
        } else if (s.isChord()) {
            if (s.header() instanceof List<?> header) {
                for (Object member : header) {
                    if (member instanceof Sig m && m.isChord()) {
                        linkError(m, errback);
                    }
                }
            }
            if (s.body() != null) {
                linkError(s.body(), errback);
            }
        } else {
            s.appendToList("link_error", errback);
        }
    }

    private void setImmutable(Sig s, boolean value) {
        if (s.isGroup()) {
            s.tasks().forEach(t -> setImmutable(t, value));
        } else if (s.isChord()) {
            asSigs(s.header()).forEach(t -> setImmutable(t, value));
        } else {
            s.immutable = value;
        }
    }

    /** Python's {@code sig.clone()}. */
    Sig cloneSig(Sig s) {
        return cloneSig(s, List.of(), Map.of(), Map.of());
    }

    /** Python's {@code sig.clone(args, kwargs, **opts)}, for each signature type. */
    Sig cloneSig(Sig s, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> opts) {
        Merged m = args.isEmpty() && kwargs.isEmpty() && opts.isEmpty() ? new Merged(s.args, s.kwargs, s.options)
                : merge(s, args, kwargs, opts);
        Map<String, @Nullable Object> k = new LinkedHashMap<>(m.kwargs);
        Map<String, @Nullable Object> o = Sig.deep(m.options);
        if (s.isChain()) {
            // _chain.from_dict drops the chain's own args; _chain.clone then clones every step.
            List<Sig> tasks = new ArrayList<>();
            asSigs(k.get("tasks")).forEach(t -> tasks.add(cloneSig(t)));
            return new Sig("celery.chain", new ArrayList<>(), mapOf("tasks", tasks), o, "chain", false);
        }
        if (s.isGroup()) {
            // group.from_dict keeps the member objects in a new list.
            return new Sig("celery.group", new ArrayList<>(), mapOf("tasks", new ArrayList<>(asSigs(k.get("tasks")))),
                    o, "group", false);
        }
        if (s.isChord()) {
            Object header = k.remove("header");
            Sig body = (Sig) k.remove("body");
            List<Sig> members;
            if (header instanceof Sig g && (g.isGroup() || g.isChain())) {
                members = g.tasks();
            } else {
                members = new ArrayList<>();
                asSigs(header).forEach(t -> members.add(cloneSig(t)));
            }
            Map<String, @Nullable Object> kw = k.isEmpty() ? mapOf("kwargs", new LinkedHashMap<>()) : k;
            kw.put("header", members);
            kw.put("body", body == null ? null : cloneSig(body));
            return new Sig(s.task, new ArrayList<>(m.args), kw, o, "chord", s.immutable);
        }
        return new Sig(s.task, new ArrayList<>(m.args), k, o, s.type, s.immutable);
    }

    record Merged(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options) {
    }

    /** {@code Signature._merge(args, kwargs, options)}: group_id and stamps already set are never replaced. */
    Merged merge(Sig s, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options) {
        Set<String> fixed = new HashSet<>(IMMUTABLE_OPTIONS);
        if (s.options.get("stamped_headers") instanceof List<?> stamped) {
            stamped.forEach(h -> fixed.add(String.valueOf(h)));
        }
        Map<String, @Nullable Object> newOptions = new LinkedHashMap<>(s.options);
        options.forEach((k, v) -> {
            if (!fixed.contains(k) || !s.options.containsKey(k)) {
                newOptions.put(k, v);
            }
        });
        if (s.immutable) {
            return new Merged(s.args, s.kwargs, newOptions);
        }
        List<@Nullable Object> a = s.args;
        if (!args.isEmpty()) {
            a = new ArrayList<>(args);
            a.addAll(s.args);
        }
        Map<String, @Nullable Object> k = s.kwargs;
        if (!kwargs.isEmpty()) {
            k = new LinkedHashMap<>(s.kwargs);
            k.putAll(kwargs);
        }
        return new Merged(a, k, newOptions);
    }

    /** The signatures of a tasks/header value (a list, or a group or chain whose tasks they are). */
    static List<Sig> asSigs(@Nullable Object v) {
        List<Sig> out = new ArrayList<>();
        if (v instanceof Sig g && (g.isGroup() || g.isChain())) {
            out.addAll(g.tasks());
        } else if (v instanceof List<?> l) {
            l.forEach(item -> out.add(Sig.of(item)));
        } else if (v != null) {
            out.add(Sig.of(v));
        }
        return out;
    }

    static Map<String, @Nullable Object> mapOf(String key, @Nullable Object value) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    /** Python truthiness of an option value. */
    static boolean truthy(@Nullable Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Number n -> n.doubleValue() != 0;
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static @Nullable Object pop(Map<String, @Nullable Object> options, String key) {
        return options.remove(key);
    }
}
