package dev.lovage.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * What applying a signature does ({@link #steps()}, in order) and where its result will be ({@link #result()}): the
 * output of {@link CanvasPlanner}. Every message is already encoded, so a plan that exists can be published whole:
 * an argument that cannot be serialized fails the planning, before anything is sent. Immutable.
 *
 * @param trail what a running task that applies this records in its {@code children} (Celery's
 *              {@code add_trail}): each task sent on its own and each group applied, in order
 * @since 0.2
 */
public record CanvasPlan(List<PlanStep> steps, ResultRef result, List<ResultRef> trail) {
    public CanvasPlan {
        steps = List.copyOf(steps);
        trail = List.copyOf(trail);
    }

    /** The publish steps only, in order. */
    public List<PlanStep.Publish> publishes() {
        List<PlanStep.Publish> out = new ArrayList<>();
        for (PlanStep s : steps) {
            if (s instanceof PlanStep.Publish p) {
                out.add(p);
            }
        }
        return out;
    }

    /** True when performing the plan needs a result backend that joins chords. */
    public boolean needsChordBackend() {
        return steps.stream().anyMatch(s -> !(s instanceof PlanStep.Publish));
    }
}
