package dev.lovage.protocol.internal;

import dev.lovage.protocol.PlanStep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * celery/canvas.py {@code group}: {@code apply_async}, {@code _freeze_gid}, {@code _prepared}, {@code _apply_tasks},
 * {@code _freeze_group_tasks} and {@code _freeze_unroll}, on {@link Sig} nodes.
 */
final class GroupApply {
    private static final Set<String> IMMUTABLE_OPTIONS = Set.of("group_id", "stamped_headers");
    private final Apply ctx;

    GroupApply(Apply ctx) {
        this.ctx = ctx;
    }

    private record Prepared(Sig sig, Res result, Object groupId) {
    }

    record Frozen(String groupId, List<Res> results) {
    }

    Res applyAsync(Sig group, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options) {
        boolean addToParent = !Boolean.FALSE.equals(options.remove("add_to_parent"));
        options.remove("producer");
        if (Apply.pop(options, "link") != null) {
            throw new IllegalArgumentException("Cannot add link to group: use a chord");
        }
        if (Apply.pop(options, "link_error") != null) {
            throw new IllegalArgumentException("Cannot add link to group: do that on individual tasks");
        }
        if (group.tasks().isEmpty()) {
            return freeze(group, null, null, null, null, null, null);
        }
        // _freeze_gid: the group's own task_id becomes the group id of every member.
        Map<String, @Nullable Object> o = new LinkedHashMap<>(group.options);
        options.forEach((k, v) -> {
            if (!IMMUTABLE_OPTIONS.contains(k) || !group.options.containsKey(k)) {
                o.put(k, v);
            }
        });
        Object gid = o.containsKey("task_id") ? o.remove("task_id") : ctx.uuid();
        o.put("group_id", gid);
        List<Prepared> tasks = new ArrayList<>();
        prepared(group.tasks(), List.of(), gid, o.get("root_id"), tasks);
        List<Res> results = applyTasks(tasks, args, kwargs, o);
        Res result = results.size() == 1 && results.get(0).children != null ? results.get(0)
                : Res.group(String.valueOf(gid), results);
        if (addToParent) {
            ctx.trail.add(result);
        }
        return result;
    }

    // _prepared: clones of the members (nested groups flattened into this group), each frozen with its index.
    private void prepared(List<Sig> tasks, List<@Nullable Object> partialArgs, @Nullable Object groupId,
            @Nullable Object rootId, List<Prepared> out) {
        for (int index = 0; index < tasks.size(); index++) {
            Sig task = ctx.cloneSig(Sig.of(tasks.get(index)));
            if (task.isGroup()) {
                prepared(task.tasks(), partialArgs, groupId, rootId, out);
            } else if (task.isChain() && task.tasks().isEmpty()) {
                continue;
            } else {
                if (!partialArgs.isEmpty() && !task.immutable) {
                    List<@Nullable Object> a = new ArrayList<>(partialArgs);
                    a.addAll(task.args);
                    task.args = a;
                }
                Res result = ctx.freeze(task, null, groupId, null, rootId, null, index);
                out.add(new Prepared(task, result, groupId));
            }
        }
    }

    // _apply_tasks: each member applied in order; the chord size is written just before the last one.
    private List<Res> applyTasks(List<Prepared> tasks, List<@Nullable Object> args,
            Map<String, @Nullable Object> kwargs, Map<String, @Nullable Object> options) {
        Object chord = Apply.pop(options, "chord");
        options.remove("add_to_parent");
        options.remove("group_index");
        int chordSize = 0;
        List<Res> results = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Prepared p = tasks.get(i);
            Object chordObj = chord != null ? chord : p.sig.options.get("chord");
            chordSize += ChordApply.descend(p.sig);
            if (chordObj != null && i == tasks.size() - 1) {
                ctx.steps.add(new PlanStep.SetChordSize(String.valueOf(p.groupId), chordSize));
            }
            // Keyword order of sig.apply_async(producer=, add_to_parent=False, chord=, **options).
            Map<String, @Nullable Object> o = new LinkedHashMap<>();
            o.put("add_to_parent", false);
            o.put("chord", chordObj);
            o.putAll(options);
            ctx.applyAsync(p.sig, new ArrayList<>(args), new LinkedHashMap<>(kwargs), o);
            results.add(p.result);
        }
        return results;
    }

    Res freeze(Sig group, @Nullable Object id, @Nullable Object groupId, @Nullable Sig chord,
            @Nullable Object rootId, @Nullable Object parentId, @Nullable Object groupIndex) {
        Frozen f = freezeGroupTasks(group, groupId, chord, rootId, parentId, groupIndex);
        return Res.group(f.groupId, f.results);
    }

    /** _freeze_group_tasks: the group gets an id, its members (flattened) are frozen and replace its tasks. */
    Frozen freezeGroupTasks(Sig group, @Nullable Object groupId, @Nullable Sig chord, @Nullable Object rootId,
            @Nullable Object parentId, @Nullable Object groupIndex) {
        Map<String, @Nullable Object> opts = group.options;
        if (!opts.containsKey("task_id")) {
            opts.put("task_id", ctx.uuid());
        }
        Object gid = opts.get("task_id");
        if (Apply.truthy(groupId)) {
            opts.put("group_id", groupId);
        }
        if (chord != null) {
            opts.put("chord", chord);
        }
        if (groupIndex != null) {
            opts.put("group_index", groupIndex);
        }
        Object root = setDefault(opts, "root_id", rootId);
        Object parent = setDefault(opts, "parent_id", parentId);
        List<Sig> newTasks = new ArrayList<>();
        List<Res> results = new ArrayList<>();
        Deque<Object> stack = new ArrayDeque<>(group.tasks());
        int index = 0;
        while (!stack.isEmpty()) {
            Sig task = ctx.cloneSig(Sig.of(stack.pollFirst()));
            if (task.isGroup()) {
                // deque.extendleft: a nested group's tasks go in front, in reverse order (as Celery does).
                task.tasks().forEach(stack::addFirst);
            } else if (!(task.isChain() && task.tasks().isEmpty())) {
                newTasks.add(task);
                results.add(ctx.freeze(task, null, groupId, chord, root, parent, index));
                index++;
            }
        }
        List<Sig> members = group.tasks();
        members.clear();
        members.addAll(newTasks);
        return new Frozen(String.valueOf(gid), results);
    }

    private static @Nullable Object setDefault(Map<String, @Nullable Object> m, String key, @Nullable Object v) {
        if (!m.containsKey(key)) {
            m.put(key, v);
        }
        return m.get(key);
    }
}
