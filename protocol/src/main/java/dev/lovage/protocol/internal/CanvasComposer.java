package dev.lovage.protocol.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Building canvases as celery/canvas.py does: the constructors of {@code chain}, {@code group} and {@code chord}, and
 * the {@code |} operator of each signature type ({@code Signature.__or__}, {@code _chain.__or__},
 * {@code group.__or__}, {@code _chord.__or__}), including {@code _fold_chain}, which {@code chain(a, b, c)} uses.
 */
public final class CanvasComposer {
    private CanvasComposer() {
    }

    /** {@code _chain(*tasks)}: a chain of exactly these steps, no folding. */
    public static Signature rawChain(List<Signature> tasks) {
        return new Signature("celery.chain", List.of(), Map.of("tasks", new ArrayList<>(tasks)), Map.of(), "chain",
                false, Map.of());
    }

    /** {@code group(*tasks)}: a single group argument gives its tasks. */
    public static Signature group(List<Signature> tasks) {
        List<Signature> members = tasks.size() == 1 && tasks.get(0).isGroup() ? tasks.get(0).tasks() : tasks;
        return new Signature("celery.group", List.of(), Map.of("tasks", new ArrayList<>(members)), Map.of(),
                "group", false, Map.of());
    }

    /** {@code chord(header, body)}: the header as a list, as {@code _maybe_group} makes it. */
    public static Signature chord(List<Signature> header, @Nullable Signature body) {
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
        kwargs.put("kwargs", new LinkedHashMap<>());
        kwargs.put("header", new ArrayList<>(header));
        kwargs.put("body", body);
        return new Signature("celery.chord", List.of(), kwargs, Map.of(), "chord", false, Map.of());
    }

    /** {@code chord(header_sig, body)}: a group's or chain's tasks become the header, a plain task a header of one. */
    public static Signature chord(Signature header, @Nullable Signature body) {
        return chord(header.isGroup() || header.isChain() ? header.tasks() : List.of(header), body);
    }

    /** {@code chain(*tasks)}: one task stays a chain of one; several are folded as {@code |} would. */
    public static Signature chain(List<Signature> tasks) {
        if (tasks.size() == 1) {
            return rawChain(tasks);
        }
        List<Signature> steps = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Signature result = mergeStep(steps, tasks.get(i));
            if (result != null) {
                // The accumulator stopped being a chain: the rest composes through `|`.
                for (Signature rest : tasks.subList(i + 1, tasks.size())) {
                    result = or(result, rest);
                }
                return result;
            }
        }
        return rawChain(steps);
    }

    /** {@code _merge_chain_step}: null when {@code other} went into {@code steps}, else what replaces the chain. */
    private static @Nullable Signature mergeStep(List<Signature> steps, Signature other) {
        if (isEmptyGroup(other)) {
            return null;
        }
        if (other.isGroup()) {
            Signature unrolled = unrollGroup(other);
            if (!unrolled.isGroup()) {
                return mergeStep(steps, unrolled);
            }
            if (steps.isEmpty()) {
                return other;
            }
            if (last(steps).isChord()) {
                steps.set(steps.size() - 1, withBody(last(steps), or(last(steps).body(), other)));
            } else {
                steps.add(other);
            }
            return null;
        }
        if (other.isChain()) {
            List<Signature> inner = unchainTasks(other);
            for (int i = 0; i < inner.size(); i++) {
                Signature result = mergeStep(steps, inner.get(i));
                if (result != null) {
                    for (Signature rest : inner.subList(i + 1, inner.size())) {
                        result = or(result, rest);
                    }
                    return result;
                }
            }
            return null;
        }
        if (!steps.isEmpty() && last(steps).isGroup()) {
            steps.set(steps.size() - 1, chord(last(steps), other));
        } else if (!steps.isEmpty() && last(steps).isChord() && !other.isChord()) {
            steps.set(steps.size() - 1, withBody(last(steps), or(last(steps).body(), other)));
        } else {
            steps.add(other);
        }
        return null;
    }

    /** {@code left | right}, dispatched on the left operand's type as Python does. */
    public static Signature or(@Nullable Signature left, Signature right) {
        if (left == null) {
            throw new IllegalArgumentException("a chord without a body cannot be followed by " + right.task());
        }
        if (left.isChord()) {
            if (!right.isGroup() && !right.isChain()) {
                return withBody(left, or(left.body(), right));
            }
            if (right.isGroup() && right.tasks().size() == 1) {
                return withBody(left, or(left.body(), unrollGroup(right)));
            }
            return signatureOr(left, right);
        }
        if (left.isGroup()) {
            return isEmptyGroup(right) ? left : chord(left, right);
        }
        if (left.isChain()) {
            return chainOr(left, right);
        }
        return signatureOr(left, right);
    }

    // Signature.__or__
    private static Signature signatureOr(Signature left, Signature right) {
        if (right.isChain()) {
            List<Signature> tasks = new ArrayList<>();
            tasks.add(left);
            tasks.addAll(unchainTasks(right));
            return rawChain(tasks);
        }
        return rawChain(List.of(left, right.isGroup() ? unrollGroup(right) : right));
    }

    // _chain.__or__
    private static Signature chainOr(Signature chain, Signature other) {
        if (isEmptyGroup(other)) {
            return chain;
        }
        List<Signature> own = chain.tasks();
        if (other.isGroup()) {
            Signature unrolled = unrollGroup(other);
            if (!unrolled.isGroup()) {
                return chainOr(chain, unrolled);
            }
            List<Signature> tasks = unchainTasks(chain);
            if (tasks.isEmpty()) {
                return unrolled;
            }
            if (last(tasks).isChord()) {
                tasks.set(tasks.size() - 1, withBody(last(tasks), or(last(tasks).body(), unrolled)));
                return rawChain(tasks);
            }
            tasks.add(unrolled);
            return rawChain(tasks);
        }
        if (other.isChain()) {
            Signature result = chain;
            for (Signature t : unchainTasks(other)) {
                result = or(result, t);
            }
            return result;
        }
        if (!own.isEmpty() && last(own).isGroup()) {
            List<Signature> tasks = new ArrayList<>(own);
            tasks.set(tasks.size() - 1, chord(last(tasks), other));
            // Two chords in a row: the second goes into the first one's body.
            if (tasks.size() > 1 && tasks.get(tasks.size() - 2).isChord()) {
                Signature before = tasks.get(tasks.size() - 2);
                tasks.set(tasks.size() - 2, withBody(before, or(before.body(), last(tasks))));
                tasks.remove(tasks.size() - 1);
            }
            return SignatureEdits.withKwarg(chain, "tasks", tasks);
        }
        if (!own.isEmpty() && last(own).isChord() && !other.isChord()) {
            List<Signature> tasks = new ArrayList<>(own);
            tasks.set(tasks.size() - 1, withBody(last(tasks), or(last(tasks).body(), other)));
            return SignatureEdits.withKwarg(chain, "tasks", tasks);
        }
        List<Signature> tasks = unchainTasks(chain);
        tasks.add(other);
        return rawChain(tasks);
    }

    /** {@code _chain.unchain_tasks}: the chain's links go to its last task, its errbacks to every task. */
    public static List<Signature> unchainTasks(Signature chain) {
        List<Signature> tasks = new ArrayList<>(chain.tasks());
        for (Signature link : SignatureDicts.many(chain.options().get("link"))) {
            tasks.set(tasks.size() - 1, SignatureEdits.link(last(tasks), link));
        }
        for (Signature errback : SignatureDicts.many(chain.options().get("link_error"))) {
            tasks.replaceAll(t -> SignatureEdits.linkError(t, errback));
        }
        return tasks;
    }

    /** {@code maybe_unroll_group}: a group of one is that one task. */
    public static Signature unrollGroup(Signature group) {
        List<Signature> tasks = group.tasks();
        return tasks.size() == 1 ? tasks.get(0) : group;
    }

    static boolean isEmptyGroup(Signature s) {
        return s.isGroup() && s.tasks().isEmpty();
    }

    private static Signature withBody(Signature chord, Signature body) {
        return SignatureEdits.withKwarg(chord, "body", body);
    }

    private static Signature last(List<Signature> l) {
        return l.get(l.size() - 1);
    }
}
