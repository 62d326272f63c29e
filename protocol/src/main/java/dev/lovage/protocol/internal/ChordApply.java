package dev.lovage.protocol.internal;

import dev.lovage.protocol.PlanStep;
import dev.lovage.protocol.ResultRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * celery/canvas.py {@code _chord}: {@code apply_async}, {@code run}, {@code freeze}, {@code _descend},
 * {@code _add_body_callbacks} and the header-link stripping, with celery/backends/redis.py {@code apply_chord}, on
 * {@link Sig} nodes.
 */
final class ChordApply {
    private final Apply ctx;

    ChordApply(Apply ctx) {
        this.ctx = ctx;
    }

    /** {@code chord(group, body, **options)}: the group's task list becomes the header. */
    static Sig newChord(Sig header, Sig body, Map<String, @Nullable Object> options) {
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
        kwargs.put("kwargs", new LinkedHashMap<>());
        kwargs.put("header", header.isGroup() || header.isChain() ? header.tasks() : new ArrayList<>(List.of(header)));
        kwargs.put("body", body);
        return new Sig("celery.chord", new ArrayList<>(), kwargs, options, "chord", false);
    }

    @SuppressWarnings("unchecked")
    Res applyAsync(Sig chord, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options) {
        Object taskId = Apply.pop(options, "task_id");
        for (String unused : List.of("producer", "publisher", "connection", "router", "result_cls")) {
            options.remove(unused);
        }
        List<@Nullable Object> a = chord.args;
        if (!args.isEmpty() && !chord.immutable) {
            a = new ArrayList<>(args);
            a.addAll(chord.args);
        }
        Object givenBody = kwargs.remove("body");
        Sig body = Apply.truthy(givenBody) ? Sig.of(givenBody) : chord.body();
        Map<String, @Nullable Object> kw = new LinkedHashMap<>();
        if (chord.kwargs.get("kwargs") instanceof Map<?, ?> own) {
            kw.putAll((Map<String, @Nullable Object>) own);
        }
        kw.putAll(kwargs);
        // apply_async(countdown=, eta=) delays the header, not the callback (issue #7851).
        Map<String, @Nullable Object> headerDelay = new LinkedHashMap<>();
        for (String key : List.of("countdown", "eta")) {
            if (options.get(key) != null) {
                headerDelay.put(key, options.remove(key));
            }
        }
        Map<String, @Nullable Object> callbacks = new LinkedHashMap<>();
        for (String key : List.of("link", "link_error")) {
            if (options.containsKey(key)) {
                callbacks.put(key, options.remove(key));
            }
        }
        body = ctx.cloneSig(body, List.of(), Map.of(), bodyOptions(options));
        Object header = chord.header();
        Sig tasks;
        if (header instanceof Sig g && g.isGroup()) {
            tasks = ctx.cloneSig(g);
        } else {
            Object id = chord.options.get("task_id");
            tasks = new Sig("celery.group", new ArrayList<>(), Apply.mapOf("tasks",
                    new ArrayList<>(Apply.asSigs(header))), Apply.mapOf("task_id", Apply.truthy(id) ? id
                    : ctx.uuid()), "group", false);
        }
        Map<String, @Nullable Object> merged = new LinkedHashMap<>(chord.options);
        merged.putAll(options);
        merged.putAll(callbacks);
        merged.remove("countdown");
        merged.remove("eta");
        Object optionTaskId = merged.remove("task_id");
        return run(chord, tasks, body, a, taskId != null ? taskId : optionTaskId, kw, headerDelay, merged);
    }

    private Res run(Sig chord, Sig header, Sig body, List<@Nullable Object> partialArgs, @Nullable Object taskId,
            Map<String, @Nullable Object> kwargs, Map<String, @Nullable Object> headerDelay,
            Map<String, @Nullable Object> runOptions) {
        for (String named : List.of("app", "interval", "countdown", "max_retries", "eager")) {
            runOptions.remove(named);
        }
        Object headerId = header.options.get("task_id");
        Object groupId = Apply.truthy(headerId) ? headerId : ctx.uuid();
        Object rootId = body.options.get("root_id");
        Map<String, @Nullable Object> options = new LinkedHashMap<>(chord.options);
        options.putAll(runOptions);
        Map<String, @Nullable Object> delay = new LinkedHashMap<>(headerDelay);
        for (String key : List.of("countdown", "eta")) {
            if (!delay.containsKey(key) && options.get(key) != null) {
                delay.put(key, options.get(key));
            }
            options.remove(key);
        }
        if (!options.isEmpty()) {
            options.remove("task_id");
            body = addBodyCallbacks(body, options);
            body.options.putAll(bodyOptions(options));
        }
        if (body.isChain()) {
            ctx.chains.unrollChords(body);
        }
        Object bodyTaskId = Apply.truthy(taskId) ? taskId : ctx.uuid();
        Res bodyRes = ctx.freeze(body, bodyTaskId, groupId, null, rootId, null, null);
        stripChordHeaderLinks(body);
        options.remove("chain");
        options.remove("chord");
        options.remove("task_id");
        header.options.put("task_id", groupId);
        GroupApply.Frozen frozen = ctx.groups.freezeGroupTasks(header, groupId, body, rootId, null, null);
        Res headerResult;
        if (!header.tasks().isEmpty()) {
            // RedisBackend.apply_chord: a header holding group results is saved, so the join can rebuild them.
            if (frozen.results().stream().anyMatch(r -> r.children != null)) {
                List<ResultRef> refs = new ArrayList<>();
                frozen.results().forEach(r -> refs.add(r.toRef()));
                ctx.steps.add(new PlanStep.SaveChordHeader(frozen.groupId(), ResultRef.group(frozen.groupId(),
                        refs)));
            }
            Map<String, @Nullable Object> headerOptions = new LinkedHashMap<>(options);
            headerOptions.putAll(delay);
            headerOptions.put("task_id", groupId);
            headerResult = ctx.groups.applyAsync(header, partialArgs, kwargs, headerOptions);
        } else {
            List<@Nullable Object> empty = new ArrayList<>();
            empty.add(new ArrayList<>());
            ctx.applyAsync(body, empty, new LinkedHashMap<>(), new LinkedHashMap<>());
            headerResult = Res.group(frozen.groupId(), frozen.results());
        }
        bodyRes.parent = headerResult;
        return bodyRes;
    }

    Res freeze(Sig chord, @Nullable Object id, @Nullable Object groupId, @Nullable Sig outerChord,
            @Nullable Object rootId, @Nullable Object parentId, @Nullable Object groupIndex) {
        Object header = chord.header();
        Sig group;
        if (header instanceof Sig g && g.isGroup()) {
            group = g;
        } else {
            List<Sig> list = header instanceof List<?> ? castList(header) : Apply.asSigs(header);
            group = new Sig("celery.group", new ArrayList<>(), Apply.mapOf("tasks", list), new LinkedHashMap<>(),
                    "group", false);
            chord.kwargs.put("header", group);
        }
        Res headerResult = ctx.groups.freeze(group, null, null, chord.body(), rootId, parentId, null);
        chord.options.put("task_id", group.options.get("task_id"));
        Sig body = chord.body();
        if (body == null) {
            return headerResult;
        }
        Res bodyResult = ctx.freeze(body, id, groupId, outerChord, rootId, null, groupIndex);
        Res node = bodyResult;
        int guard = 0;
        while (node != null && guard++ < 10_000) {
            if (node.parent == null) {
                node.parent = headerResult;
                break;
            }
            node = node.parent;
        }
        return bodyResult;
    }

    @SuppressWarnings("unchecked")
    private static List<Sig> castList(Object header) {
        List<Object> raw = (List<Object>) header;
        raw.replaceAll(Sig::of);
        return (List<Sig>) (List<?>) raw;
    }

    /** _descend: how many header results a member stands for. */
    static int descend(Sig s) {
        if (s.isGroup()) {
            int n = 0;
            for (Sig t : s.tasks()) {
                n += descend(t);
            }
            return n;
        }
        if (s.isChain()) {
            List<Sig> tasks = s.tasks();
            for (int i = tasks.size() - 1; i >= 0; i--) {
                int size = descend(Sig.of(tasks.get(i)));
                if (size > 0) {
                    return size;
                }
            }
            return 0;
        }
        if (s.isChord()) {
            return s.body() == null ? 0 : descend(s.body());
        }
        return 1;
    }

    private static Map<String, @Nullable Object> bodyOptions(Map<String, @Nullable Object> options) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>(options);
        out.remove("parent_id");
        return out;
    }

    // _add_body_callbacks: link and link_error given to the chord go to its body.
    private Sig addBodyCallbacks(Sig body, Map<String, @Nullable Object> options) {
        List<@Nullable Object> callbacks = Sig.many(options.remove("link"));
        List<@Nullable Object> errbacks = Sig.many(options.remove("link_error"));
        if (!callbacks.isEmpty() || !errbacks.isEmpty()) {
            body = cloneWithMembers(body);
        }
        for (Object cb : callbacks) {
            Sig callback = cloneWithMembers((Sig) cb);
            if (body.isGroup() && body.tasks().isEmpty()) {
                body.appendToList("link", callback);
            } else {
                ctx.link(body, callback);
            }
        }
        for (Object eb : errbacks) {
            if (body.isGroup()) {
                linkErrorToBodyTasks(body, (Sig) eb, true);
            } else {
                body.appendToList("link_error", eb);
            }
        }
        return body;
    }

    private Sig cloneWithMembers(Sig sig) {
        Sig s = ctx.cloneSig(sig);
        if (s.isGroup()) {
            List<Sig> tasks = new ArrayList<>();
            s.tasks().forEach(t -> tasks.add(cloneWithMembers(t)));
            s.setTasks(tasks);
        } else if (s.isChord() && s.body() != null) {
            s.setBody(cloneWithMembers(s.body()));
        }
        return s;
    }

    private void linkErrorToBodyTasks(Sig sig, Sig errback, boolean runsAsGroup) {
        if (sig.isGroup()) {
            if (runsAsGroup && sig.options.get("link_error") != null) {
                sig.appendToList("link_error", ctx.cloneSig(errback));
            } else {
                sig.tasks().forEach(t -> linkErrorToBodyTasks(t, errback, false));
            }
        } else if (sig.isChord()) {
            if (sig.body() != null) {
                linkErrorToBodyTasks(sig.body(), errback, true);
            }
        } else {
            ctx.linkError(sig, ctx.cloneSig(errback));
        }
    }

    /** _strip_chord_header_links: the copies being sent do not repeat the body in every nested header task. */
    static void stripChordHeaderLinks(Sig sig) {
        if (sig.isChord()) {
            Object header = sig.header();
            for (Sig t : Apply.asSigs(header)) {
                clearChordOption(t);
            }
            if (header instanceof Sig g) {
                g.options.remove("chord");
            }
            Apply.asSigs(header).forEach(ChordApply::stripChordHeaderLinks);
            if (sig.body() != null) {
                stripChordHeaderLinks(sig.body());
            }
        } else if (sig.isGroup() || sig.isChain()) {
            sig.tasks().forEach(ChordApply::stripChordHeaderLinks);
        }
    }

    private static void clearChordOption(Sig sig) {
        sig.options.remove("chord");
        if (sig.isGroup()) {
            sig.tasks().forEach(ChordApply::clearChordOption);
        } else if (sig.isChain() && !sig.tasks().isEmpty()) {
            clearChordOption(sig.tasks().get(sig.tasks().size() - 1));
        } else if (sig.isChord() && sig.body() != null) {
            clearChordOption(sig.body());
        }
    }
}
