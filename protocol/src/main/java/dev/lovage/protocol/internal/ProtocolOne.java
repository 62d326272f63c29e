package dev.lovage.protocol.internal;

import dev.lovage.protocol.Embed;
import dev.lovage.protocol.TaskBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Protocol v1 and "hybrid" messages turned into the v2 shape, after celery/worker/strategy.py
 * {@code proto1_to_proto2} and {@code hybrid_to_proto2}: the body object carries the task fields, {@code taskset}
 * is the old name of {@code group}, and there is no chain. argsrepr and kwargsrepr are left null (Celery computes
 * them with saferepr, for logs only). A v1 body saying {@code "utc": false} means naive times are in the worker's
 * zone; Lovage reads naive times as UTC in every case. Stateless.
 */
public final class ProtocolOne {
    // The fields a v1 body may carry that the v2 headers model (a v1 request dict is the body itself).
    private static final List<String> V1_FIELDS = List.of("lang", "task", "id", "root_id", "parent_id", "group",
            "group_index", "shadow", "eta", "expires", "retries", "timelimit", "argsrepr", "kwargsrepr", "origin",
            "ignore_result");
    // hybrid_to_proto2 copies exactly these from the body, then lets the message headers win.
    private static final List<String> HYBRID_FIELDS = List.of("lang", "task", "id", "root_id", "parent_id",
            "group", "meth", "shadow", "eta", "expires", "retries", "timelimit", "argsrepr", "kwargsrepr", "origin");

    private ProtocolOne() {
    }

    /**
     * Header-shaped values of a v1 body. The message's own headers (normally none) only add keys the body lacks,
     * so broker-added ones such as {@code x-death} reach {@code extra}.
     */
    public static Map<String, @Nullable Object> v1Headers(Map<String, @Nullable Object> body,
            Map<String, @Nullable Object> headers) {
        Map<String, @Nullable Object> h = copy(body, V1_FIELDS);
        if (body.containsKey("taskset")) {
            h.put("group", body.get("taskset")); // body['group'] = body['taskset'], unconditionally
        }
        headers.forEach(h::putIfAbsent);
        return h;
    }

    /** Header-shaped values of a hybrid message: the body's task fields, overridden by the v2 headers. */
    public static Map<String, @Nullable Object> hybridHeaders(Map<String, @Nullable Object> body,
            Map<String, @Nullable Object> headers) {
        Map<String, @Nullable Object> h = copy(body, HYBRID_FIELDS);
        h.putAll(headers);
        return h;
    }

    /**
     * The v2 body of a v1 or hybrid message: args (missing means none), kwargs (missing means none, otherwise a
     * mapping) and the embed {@code {callbacks, errbacks, chord, chain: None}}.
     *
     * @throws dev.lovage.protocol.ProtocolException INVALID_TASK for args that are not a list or kwargs that are
     *         not a mapping
     */
    public static TaskBody body(Map<String, @Nullable Object> body) {
        List<@Nullable Object> args = body.containsKey("args") ? BodyReader.args(body.get("args")) : List.of();
        Map<String, @Nullable Object> kwargs = body.containsKey("kwargs") ? BodyReader.kwargs(body.get("kwargs"))
                : Map.of();
        Map<String, @Nullable Object> embed = new LinkedHashMap<>();
        embed.put("callbacks", body.get("callbacks"));
        embed.put("errbacks", body.get("errbacks"));
        embed.put("chord", body.get("chord"));
        Embed e = BodyReader.embed(embed);
        return new TaskBody(args, kwargs, e);
    }

    private static Map<String, @Nullable Object> copy(Map<String, @Nullable Object> body, List<String> fields) {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        for (String f : fields) {
            if (body.containsKey(f)) {
                h.put(f, body.get(f));
            }
        }
        return h;
    }
}
