package dev.lovage.protocol.internal;

import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.PlanStep;
import dev.lovage.protocol.RunningTask;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.codec.SignatureDicts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * celery/app/task.py {@code Task.replace} and {@code Task.add_to_chord} (5.7), as plans: what the running task sends
 * to have a signature take its place, or to grow the chord it belongs to.
 */
public final class TaskCanvas {
    private TaskCanvas() {
    }

    /**
     * Task.replace: groups become chords ending in {@code celery.accumulate}, the task's links and error links move
     * to the signature, which is frozen with the task's id (so its result lands where the task's would have) and
     * given the task's chord, group, index and root, one more {@code replaced_task_nesting}, and the rest of the
     * task's chain after it.
     *
     * @throws IllegalArgumentException for a signature already part of a chord, or an empty chain (Celery's
     *                                  ImproperlyConfigured)
     */
    public static CanvasPlan replace(Apply apply, Signature sig, RunningTask task) {
        if (sig.options().containsKey("chord")) {
            throw new IllegalArgumentException("A signature replacing a task must not be part of a chord");
        }
        if (sig.isChain() && sig.tasks().isEmpty()) {
            throw new IllegalArgumentException("Cannot replace with an empty chain");
        }
        Signature accumulate = Signature.of("celery.accumulate").withKwarg("index", 0);
        Signature s = sig;
        if (s.isGroup()) {
            s = CanvasComposer.or(s, accumulate);
        }
        if (s.isChain() && s.tasks().get(s.tasks().size() - 1).isGroup()) {
            List<Signature> tasks = new ArrayList<>(s.tasks());
            tasks.set(tasks.size() - 1, CanvasComposer.or(tasks.get(tasks.size() - 1), accumulate));
            s = SignatureEdits.withKwarg(s, "tasks", tasks);
        }
        for (Signature callback : task.callbacks()) {
            s = s.link(callback);
        }
        for (Signature errback : task.errbacks()) {
            s = s.linkError(errback);
        }
        if (s.isChain() && s.options().containsKey("link")) {
            // The chain's callbacks go to its last task, so they run once, at the end.
            List<Signature> tasks = new ArrayList<>(s.tasks());
            Signature last = tasks.get(tasks.size() - 1);
            List<Object> links = new ArrayList<>(SignatureDicts.many(last.options().get("link")));
            links.addAll(SignatureDicts.many(s.options().get("link")));
            tasks.set(tasks.size() - 1, last.set("link", links));
            s = SignatureEdits.withKwarg(SignatureEdits.withoutOption(s, "link"), "tasks", tasks);
        }
        Sig frozen = Sig.of(s);
        apply.freeze(frozen, task.id(), null, null, null, null, null);
        int nesting = task.replacedTaskNesting() + 1;
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("chord", task.chord() == null ? null : Sig.of(task.chord()));
        set.put("group_id", task.group());
        set.put("group_index", task.groupIndex());
        set.put("root_id", task.rootId());
        set.put("replaced_task_nesting", nesting);
        frozen.options.putAll(set);
        if (frozen.isChain()) {
            frozen.tasks().forEach(t -> t.options.put("replaced_task_nesting", nesting));
        }
        Signature result = frozen.snapshot();
        List<Signature> chain = task.chain();
        for (int i = chain.size() - 1; i >= 0; i--) {
            result = CanvasComposer.or(result, chain.get(i).set("replaced_task_nesting", nesting));
        }
        return apply.plan(result, List.of(), Map.of(), Map.of());
    }

    /**
     * Task.add_to_chord: the signature joins the task's chord (its group, index, body and root), the join is told to
     * wait for one more result, then it is sent.
     *
     * @throws IllegalArgumentException when the task is not a member of a chord
     */
    public static CanvasPlan addToChord(Apply apply, Signature sig, RunningTask task) {
        if (task.chord() == null || task.group() == null) {
            throw new IllegalArgumentException("Current task is not member of any chord");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("group_id", task.group());
        set.put("group_index", task.groupIndex());
        set.put("chord", task.chord());
        set.put("root_id", task.rootId());
        Sig s = Sig.of(sig.set(set));
        apply.freeze(s, null, null, null, null, null, null);
        apply.steps.add(new PlanStep.AddToChord(task.group()));
        return apply.plan(s.snapshot(), List.of(), Map.of(), Map.of());
    }
}
