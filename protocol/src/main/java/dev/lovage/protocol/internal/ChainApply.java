package dev.lovage.protocol.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * celery/canvas.py {@code _chain}: {@code apply_async}, {@code run}, {@code prepare_steps}, {@code freeze},
 * {@code _unroll_chords} and {@code unchain_tasks}, on {@link Sig} nodes.
 */
final class ChainApply {
    // Options _chain.run consumes itself instead of passing them to the chain's first task.
    private static final Set<String> RUN_OPTIONS = Set.of("chord", "group_id", "group_index", "link", "link_error",
            "parent_id", "root_id", "task_id");

    private final Apply ctx;

    ChainApply(Apply ctx) {
        this.ctx = ctx;
    }

    record Prepared(List<Sig> tasks, List<Res> results) {
    }

    @Nullable Res applyAsync(Sig chain, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> options) {
        Map<String, @Nullable Object> o = new LinkedHashMap<>(chain.options);
        o.putAll(options);
        return run(chain, args, kwargs, o);
    }

    private @Nullable Res run(Sig chain, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> o) {
        Object groupId = Apply.pop(o, "group_id");
        Object chordBody = Apply.pop(o, "chord");
        Object taskId = Apply.pop(o, "task_id");
        Object link = Apply.pop(o, "link");
        Object linkError = Apply.pop(o, "link_error");
        Object rootId = Apply.pop(o, "root_id");
        Object parentId = Apply.pop(o, "parent_id");
        Object groupIndex = Apply.pop(o, "group_index");
        o.remove("publisher");
        o.remove("producer");
        List<@Nullable Object> a = chain.args;
        if (!args.isEmpty() && !chain.immutable) {
            a = new ArrayList<>(args);
            a.addAll(chain.args);
        }
        Prepared p = prepareSteps(chain, a, kwargs, new ArrayList<>(chain.tasks()), rootId, parentId, linkError,
                taskId, groupId, chordBody == null ? null : Sig.of(chordBody), true, groupIndex);
        if (p.results.isEmpty()) {
            return null;
        }
        if (Apply.truthy(link)) {
            p.tasks.get(0).extendList("link", link);
        }
        Sig first = p.tasks.remove(p.tasks.size() - 1);
        // _prepare_chain_from_options: the rest of the chain travels in the first message, after any chain given.
        if (ctx.useLink()) {
            o.put("chain", null);
        } else if (!o.containsKey("chain")) {
            o.put("chain", new ArrayList<Object>(p.tasks));
        } else {
            List<@Nullable Object> chain2 = new ArrayList<>(Sig.many(o.get("chain")));
            chain2.addAll(p.tasks);
            o.put("chain", chain2);
        }
        Res fromApply = ctx.applyAsync(first, new ArrayList<>(), new LinkedHashMap<>(), o);
        return p.tasks.isEmpty() ? fromApply : p.results.get(0);
    }

    Res freeze(Sig chain, @Nullable Object id, @Nullable Object groupId, @Nullable Sig chordBody,
            @Nullable Object rootId, @Nullable Object parentId, @Nullable Object groupIndex) {
        Prepared p = prepareSteps(chain, chain.args, chain.kwargs, chain.tasks(), rootId, parentId, null, id,
                groupId, chordBody, false, groupIndex);
        if (p.results.isEmpty()) {
            throw new IllegalArgumentException("an empty chain has no result to freeze");
        }
        return p.results.get(0);
    }

    /** prepare_steps: walks the steps from the last, freezing each, folding a group before a step into a chord. */
    Prepared prepareSteps(Sig chain, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            List<Sig> tasks, @Nullable Object rootId, @Nullable Object parentId, @Nullable Object linkError,
            @Nullable Object lastTaskId, @Nullable Object groupId, @Nullable Sig chordBody, boolean clone,
            @Nullable Object groupIndex) {
        Deque<Sig> steps = new ArrayDeque<>(tasks);
        normaliseHead(steps, clone);
        Sig prevTask = null;
        Res prevRes = null;
        List<Sig> out = new ArrayList<>();
        List<Res> results = new ArrayList<>();
        int i = 0;
        while (!steps.isEmpty()) {
            Sig task = steps.pollLast();
            boolean isFirst = steps.isEmpty();
            boolean isLast = i == 0;
            if (task.isGroup()) {
                task = unrollGroup(task);
                if (isEmptyGroup(task) && (!steps.isEmpty() || prevTask != null)) {
                    continue;
                }
            }
            if (clone && task.isChord() && isChainLedByTask(task.body())) {
                steps.addAll(unrollBody(task));
                continue;
            }
            if (clone) {
                task = isFirst ? ctx.cloneSig(task, args, kwargs, Map.of()) : ctx.cloneSig(task);
            } else if (isFirst) {
                List<@Nullable Object> a = new ArrayList<>(args);
                a.addAll(task.args);
                task.args = a;
            }
            if (task.isChain()) {
                steps.addAll(task.tasks());
                continue;
            }
            if (task.isGroup() && prevTask != null) {
                // group(...) | s becomes chord(group, s); the steps after it follow the chord's result.
                out.remove(out.size() - 1);
                Res bodyRes = results.remove(results.size() - 1);
                Map<String, @Nullable Object> chordOptions = new LinkedHashMap<>();
                if (prevRes != null && prevRes.children == null) {
                    chordOptions.put("task_id", prevRes.id);
                }
                chordOptions.put("root_id", rootId);
                task = ChordApply.newChord(task, prevTask, chordOptions);
                prevTask = out.isEmpty() ? null : out.get(out.size() - 1);
                Res node = results.isEmpty() ? null : results.get(results.size() - 1);
                while (node != null && node.parent != bodyRes) {
                    node = node.parent;
                }
                if (node != null) {
                    node.parent = null;
                    prevRes = node;
                }
            }
            Res res = isLast ? ctx.freeze(task, lastTaskId, groupId, chordBody, rootId, null, groupIndex)
                    : ctx.freeze(task, null, null, null, rootId, null, null);
            i++;
            if (prevTask != null) {
                if (ctx.useLink()) {
                    ctx.link(task, prevTask);
                }
                if (prevRes != null && prevRes.parent == null) {
                    prevRes.parent = res;
                }
            }
            if (Apply.truthy(linkError)) {
                for (Object errback : Sig.many(linkError)) {
                    ctx.linkError(task, (Sig) errback);
                    if (task.isChord() && task.body() != null) {
                        ctx.linkError(task.body(), (Sig) errback);
                    }
                }
            }
            out.add(task);
            results.add(res);
            prevTask = task;
            prevRes = res;
            if (task.isChord()) {
                Res node = res;
                while (node.parent != null) {
                    node = node.parent;
                }
                prevRes = node;
            }
        }
        chain.options.put("task_id", results.isEmpty() ? lastTaskId : results.get(0).id);
        if (clone) {
            out.forEach(ChordApply::stripChordHeaderLinks);
        }
        return new Prepared(out, results);
    }

    // Nested chains at the head are spliced in and leading empty groups dropped, so the first real task is the one
    // that receives the partial args (Issue #9772).
    private void normaliseHead(Deque<Sig> steps, boolean clone) {
        Sig stripped = null;
        while (!steps.isEmpty()) {
            Sig head = steps.peekFirst();
            if (head.isChain()) {
                steps.pollFirst();
                Sig chain = clone ? ctx.cloneSig(head) : head;
                List<Sig> inner = chain.tasks();
                for (int k = inner.size() - 1; k >= 0; k--) {
                    steps.addFirst(inner.get(k));
                }
                continue;
            }
            if (head.isGroup()) {
                head = unrollGroup(head);
                steps.pollFirst();
                steps.addFirst(head);
                if (steps.size() > 1 && isEmptyGroup(head)) {
                    stripped = steps.pollFirst();
                    continue;
                }
            }
            break;
        }
        if (stripped != null && steps.isEmpty()) {
            steps.add(stripped);
        }
    }

    /** _unroll_chords: chords whose body is a task-led chain are split, so the tail is not copied per header. */
    void unrollChords(Sig chain) {
        if (ctx.useLink()) {
            return;
        }
        Deque<Sig> pending = new ArrayDeque<>(chain.tasks());
        List<Sig> tasks = new ArrayList<>();
        while (!pending.isEmpty()) {
            Sig task = pending.pollFirst();
            if (task.isChain()) {
                task = ctx.cloneSig(task);
                unrollChords(task);
            }
            if (task.isChord() && isChainLedByTask(task.body())) {
                List<Sig> unrolled = unrollBody(task);
                for (int k = unrolled.size() - 1; k >= 0; k--) {
                    pending.addFirst(unrolled.get(k));
                }
            } else {
                tasks.add(task);
            }
        }
        chain.setTasks(tasks);
    }

    /** _chord._unroll_body: chord(header, chain(a, b, c)) becomes chord(header, a), b, c. */
    private List<Sig> unrollBody(Sig chord) {
        Sig task = ctx.cloneSig(chord);
        Sig body = task.body();
        List<Sig> bodyTasks = unchainTasks(body);
        Map<String, @Nullable Object> first = new LinkedHashMap<>();
        body.options.forEach((k, v) -> {
            if (!RUN_OPTIONS.contains(k)) {
                first.put(k, v);
            }
        });
        task.setBody(ctx.cloneSig(bodyTasks.get(0), List.of(), Map.of(), first));
        List<Sig> out = new ArrayList<>();
        out.add(task);
        out.addAll(bodyTasks.subList(1, bodyTasks.size()));
        return out;
    }

    /** unchain_tasks: clones of the steps, the chain's links on the last, its errbacks on every one. */
    List<Sig> unchainTasks(Sig chain) {
        List<Sig> tasks = new ArrayList<>();
        chain.tasks().forEach(t -> tasks.add(ctx.cloneSig(t)));
        for (Object link : Sig.many(chain.options.get("link"))) {
            ctx.link(tasks.get(tasks.size() - 1), (Sig) link);
        }
        for (Object errback : Sig.many(chain.options.get("link_error"))) {
            tasks.forEach(t -> ctx.linkError(t, (Sig) errback));
        }
        return tasks;
    }

    static boolean isChainLedByTask(@Nullable Sig body) {
        return body != null && body.isChain() && !body.tasks().isEmpty() && !body.tasks().get(0).isGroup();
    }

    static Sig unrollGroup(Sig group) {
        return group.tasks().size() == 1 ? group.tasks().get(0) : group;
    }

    static boolean isEmptyGroup(Sig s) {
        return s.isGroup() && s.tasks().isEmpty();
    }
}
