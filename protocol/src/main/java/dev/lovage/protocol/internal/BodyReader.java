package dev.lovage.protocol.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Embed;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads a protocol v2 body {@code [args, kwargs, embed]} and the signatures inside it. Stateless. */
public final class BodyReader {

    private BodyReader() {
    }

    /**
     * A v2 body: exactly three elements, args a list, kwargs a mapping, embed a mapping or null.
     *
     * @throws ProtocolException INVALID_TASK for any other shape
     */
    public static TaskBody v2(@Nullable Object body) {
        // Mirrors celery/app/trace.py and worker/request.py: "args, kwargs, embed = body" and "**embed or {}".
        if (!(body instanceof List<?> parts) || parts.size() != 3) {
            throw new ProtocolException(Reason.INVALID_TASK,
                    "a protocol 2 body must be [args, kwargs, embed], got " + describe(body));
        }
        return new TaskBody(args(parts.get(0)), kwargs(parts.get(1)), embed(parts.get(2)));
    }

    /**
     * Task args, which must be a list.
     *
     * @throws ProtocolException INVALID_TASK otherwise
     */
    @SuppressWarnings("unchecked")
    public static List<@Nullable Object> args(@Nullable Object v) {
        if (!(v instanceof List<?>)) {
            throw new ProtocolException(Reason.INVALID_TASK, "task args must be a list, got " + describe(v));
        }
        return (List<@Nullable Object>) v;
    }

    /**
     * Task kwargs, which must be a mapping.
     *
     * @throws ProtocolException INVALID_TASK otherwise
     */
    @SuppressWarnings("unchecked")
    public static Map<String, @Nullable Object> kwargs(@Nullable Object v) {
        if (!(v instanceof Map<?, ?>)) {
            // Mirrors celery/worker/strategy.py: "Task keyword arguments must be a mapping".
            throw new ProtocolException(Reason.INVALID_TASK, "task keyword arguments must be a mapping, got "
                    + describe(v));
        }
        return (Map<String, @Nullable Object>) v;
    }

    /**
     * The embed mapping; null or missing keys mean nothing to do ({@code fast_trace_task} does
     * {@code **embed or {}}), and a null chord is no chord.
     *
     * @throws ProtocolException INVALID_TASK when it is not a mapping or holds a malformed signature
     */
    public static Embed embed(@Nullable Object v) {
        if (v == null) {
            return Embed.EMPTY;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ProtocolException(Reason.INVALID_TASK, "the embed part must be a mapping, got " + describe(v));
        }
        return new Embed(orNull(m.get("callbacks")), orNull(m.get("errbacks")), orNull(m.get("chain")),
                m.get("chord") == null ? null : signature(m.get("chord")));
    }

    // Celery tells "none given" (null) from "an empty list" ([]); the embed keeps the difference.
    private static @Nullable List<Signature> orNull(@Nullable Object v) {
        return v == null ? null : signatures(v);
    }

    static List<Signature> signatures(@Nullable Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            return List.of(signature(v));
        }
        List<Signature> out = new ArrayList<>(l.size());
        for (Object item : l) {
            out.add(signature(item));
        }
        return out;
    }

    /**
     * A signature from its dict form (celery/canvas.py Signature): missing or null args, kwargs and options are
     * empty, as {@code Signature.__init__} makes them; keys beyond the standard six go to {@code extra}.
     *
     * @throws ProtocolException INVALID_TASK when it is not a mapping or has no task name
     */
    public static Signature signature(@Nullable Object v) {
        return SignatureDicts.fromDict(v);
    }

    public static String describe(@Nullable Object v) {
        return switch (v) {
            case null -> "null";
            case List<?> l -> "a list of " + l.size();
            case Map<?, ?> m -> "a mapping";
            case byte[] b -> "raw bytes (" + b.length + ")";
            default -> "a " + v.getClass().getSimpleName();
        };
    }
}
