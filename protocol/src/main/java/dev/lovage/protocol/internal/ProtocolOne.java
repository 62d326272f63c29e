package dev.lovage.protocol.internal;

import dev.lovage.protocol.Embed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Protocol v1 and "hybrid" messages turned into the v2 shape, after celery/worker/strategy.py
 * {@code proto1_to_proto2} and {@code hybrid_to_proto2}: the body object carries the task fields, {@code taskset}
 * is the old name of {@code group}, there is no chain.
 */
public final class ProtocolOne {
    private ProtocolOne() {
    }

    /** Header-shaped values from a v1 body; for a hybrid message, {@code headers} override them. */
    public static Map<String, @Nullable Object> headers(Map<String, @Nullable Object> body,
            Map<String, @Nullable Object> headers) {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", body.get("task"));
        h.put("id", body.get("id"));
        h.put("shadow", null);
        h.put("eta", body.get("eta"));
        h.put("expires", body.get("expires"));
        h.put("group", body.get("group") != null ? body.get("group") : body.get("taskset"));
        h.put("group_index", body.get("group_index"));
        h.put("retries", body.get("retries"));
        h.put("timelimit", body.get("timelimit") != null ? body.get("timelimit") : Arrays.asList(null, null));
        h.put("root_id", null);
        h.put("parent_id", null);
        h.put("ignore_result", false);
        h.putAll(headers);
        return h;
    }

    public static Embed embed(Map<String, @Nullable Object> body) {
        Map<String, @Nullable Object> e = new LinkedHashMap<>();
        e.put("callbacks", body.get("callbacks"));
        e.put("errbacks", body.get("errbacks"));
        e.put("chain", null);
        e.put("chord", body.get("chord"));
        return BodyReader.embed(e);
    }

    public static List<@Nullable Object> args(Map<String, @Nullable Object> body) {
        return BodyReader.args(body.get("args"));
    }

    public static Map<String, @Nullable Object> kwargs(Map<String, @Nullable Object> body) {
        return BodyReader.kwargs(body.get("kwargs"));
    }
}
