package dev.lovage.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The third element of a protocol v2 body: what to do after the task. {@code chain} is in reverse order: the next
 * task is its last element. Immutable: the lists are unmodifiable copies.
 *
 * @since 0.1
 */
public record Embed(List<Signature> callbacks, List<Signature> errbacks, List<Signature> chain,
        @Nullable Signature chord) {

    /** Nothing to do afterwards: what {@code {"callbacks": null, "errbacks": null, "chain": null, "chord": null}} means. */
    public static final Embed EMPTY = new Embed(List.of(), List.of(), List.of(), null);

    public Embed {
        callbacks = List.copyOf(callbacks);
        errbacks = List.copyOf(errbacks);
        chain = List.copyOf(chain);
    }
}
