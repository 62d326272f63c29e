package dev.lovage.protocol;

import dev.lovage.protocol.internal.CanvasComposer;
import java.util.Arrays;
import java.util.List;

/**
 * Celery's canvas primitives, as {@code from celery import chain, group, chord} gives them: each returns a
 * {@link Signature} whose dict form is Python's, so it can be applied by the Lovage client or worker, passed to a
 * Python task as an argument, or returned as a result. Nest them freely; {@link Signature#then} is Python's {@code |}.
 *
 * <pre>{@code
 * import static dev.lovage.protocol.Canvas.*;
 * Signature add = Signature.of("tasks.add", 2, 2);
 * chain(add, Signature.of("tasks.mul", 10));                         // (2 + 2) * 10
 * group(Signature.of("tasks.add", 1, 1), Signature.of("tasks.add", 2, 2));
 * chord(List.of(Signature.of("tasks.add", 1, 1), Signature.of("tasks.add", 2, 2)), Signature.of("tasks.xsum"));
 * }</pre>
 *
 * <p>Stateless; the values it returns are immutable.
 *
 * @since 0.2
 */
public final class Canvas {
    private Canvas() {
    }

    /**
     * {@code chain(*tasks)}: each task's result goes in front of the next one's args. Several tasks are folded as
     * {@code a | b | c} is: nested chains are flattened, a group followed by a task becomes a chord, so the result
     * may be a chord or a group rather than a chain, exactly as in Python.
     */
    public static Signature chain(Signature... tasks) {
        return chain(Arrays.asList(tasks));
    }

    /** {@link #chain(Signature...)} from a list. */
    public static Signature chain(List<Signature> tasks) {
        return CanvasComposer.chain(List.copyOf(tasks));
    }

    /** {@code group(*tasks)}: the tasks run in parallel; the result is the list of their results, in order. */
    public static Signature group(Signature... tasks) {
        return group(Arrays.asList(tasks));
    }

    /** {@link #group(Signature...)} from a list. */
    public static Signature group(List<Signature> tasks) {
        return CanvasComposer.group(List.copyOf(tasks));
    }

    /**
     * {@code chord(header, body)}: the header tasks run in parallel, then the body gets the list of their results
     * (in header order) in front of its args. Applying one needs a result backend that joins chords (Redis).
     */
    public static Signature chord(List<Signature> header, Signature body) {
        return CanvasComposer.chord(List.copyOf(header), body);
    }

    /** {@code chord(group, body)}: a group's (or chain's) tasks become the header; a plain task a header of one. */
    public static Signature chord(Signature header, Signature body) {
        return CanvasComposer.chord(header, body);
    }
}
