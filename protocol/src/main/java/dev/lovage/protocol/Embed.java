package dev.lovage.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The third element of a protocol v2 body: what to do after the task. {@code chain} is in reverse order: the next
 * task is its last element. Immutable: the lists are unmodifiable copies.
 *
 * <p>Celery writes {@code null} for a list it was not given and {@code []} for an empty one it was (the last step of
 * a chain carries {@code "chain": []}); the record keeps that difference, so an encoded message is the one Python
 * sends, while the accessors return an empty list for both.
 *
 * @since 0.1
 */
public record Embed(@Nullable List<Signature> callbacks, @Nullable List<Signature> errbacks,
        @Nullable List<Signature> chain, @Nullable Signature chord) {

    /** Nothing to do afterwards: what {@code {"callbacks": null, "errbacks": null, "chain": null, "chord": null}} means. */
    public static final Embed EMPTY = new Embed(null, null, null, null);

    public Embed {
        callbacks = callbacks == null ? null : List.copyOf(callbacks);
        errbacks = errbacks == null ? null : List.copyOf(errbacks);
        chain = chain == null ? null : List.copyOf(chain);
    }

    /** The callbacks ({@code link}), applied with the result after a success; empty when none. */
    @Override
    public List<Signature> callbacks() {
        return callbacks == null ? List.of() : callbacks;
    }

    /** The errbacks ({@code link_error}), applied after a failure; empty when none. */
    @Override
    public List<Signature> errbacks() {
        return errbacks == null ? List.of() : errbacks;
    }

    /** The rest of the chain, next step last; empty when none. */
    @Override
    public List<Signature> chain() {
        return chain == null ? List.of() : chain;
    }

    /**
     * The embed as Python writes it: {@code {"callbacks", "errbacks", "chain", "chord"}} in that order, each null or
     * the signature dicts. A new modifiable map.
     *
     * @since 0.2
     */
    public Map<String, @Nullable Object> toDict() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("callbacks", dicts(callbacks));
        m.put("errbacks", dicts(errbacks));
        m.put("chain", dicts(chain));
        m.put("chord", chord == null ? null : chord.toDict());
        return m;
    }

    private static @Nullable List<Map<String, @Nullable Object>> dicts(@Nullable List<Signature> sigs) {
        if (sigs == null) {
            return null;
        }
        List<Map<String, @Nullable Object>> out = new ArrayList<>(sigs.size());
        sigs.forEach(s -> out.add(s.toDict()));
        return out;
    }
}
