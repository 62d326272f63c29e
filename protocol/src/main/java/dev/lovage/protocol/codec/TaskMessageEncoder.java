package dev.lovage.protocol.codec;

import dev.lovage.protocol.TaskBody;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.TimeLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link TaskMessage} as Celery's producer does (celery/app/amqp.py {@code as_task_v2} and
 * {@code as_task_v1}, kombu JSON): protocol 2 headers {@code lang, task, id, shadow, eta, expires, group,
 * group_index, retries, timelimit, root_id, parent_id, argsrepr, kwargsrepr, origin, ignore_result} in that order,
 * then {@link TaskHeaders#extra()} ({@code replaced_task_nesting}, {@code stamped_headers}, {@code stamps}, custom
 * headers; one with a standard name replaces that value in place, as {@code headers.update} does), and the body
 * {@code [args, kwargs, embed]} in Python's JSON. A message whose {@code protocolVersion} is 1 gets empty headers
 * (custom ones aside) and the v1 body object. Times are written as UTC {@code isoformat()}, time limits as whole
 * seconds when they are whole. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class TaskMessageEncoder {
    private static final Set<String> V2_ONLY = Set.of("replaced_task_nesting", "stamped_headers", "stamps");

    private TaskMessageEncoder() {
    }

    /**
     * The message's properties, headers and body bytes.
     *
     * @throws IllegalArgumentException naming the type of an argument (or header) that has no JSON form
     */
    public static EncodedMessage encode(TaskMessage message) {
        TaskHeaders h = message.headers();
        TaskBody b = message.body();
        if (message.protocolVersion() == 1) {
            Map<String, @Nullable Object> headers = new LinkedHashMap<>();
            h.extra().forEach((k, v) -> {
                if (!V2_ONLY.contains(k)) {
                    headers.put(k, v);
                }
            });
            return new EncodedMessage(message.properties(), headers, utf8(PyJson.write(v1Body(h, b))));
        }
        byte[] body = utf8(PyJson.write(Arrays.asList(b.args(), b.kwargs(), b.embed().toDict())));
        return new EncodedMessage(message.properties(), headers(h), body);
    }

    /**
     * The protocol 2 headers of {@code h}, in Celery's order, as plain values.
     *
     * @throws IllegalArgumentException naming the type of a header value that has no JSON form
     */
    public static Map<String, @Nullable Object> headers(TaskHeaders h) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("lang", h.lang());
        m.put("task", h.task());
        m.put("id", h.id());
        m.put("shadow", h.shadow());
        m.put("eta", time(h.eta()));
        m.put("expires", time(h.expires()));
        m.put("group", h.group());
        m.put("group_index", h.groupIndex());
        m.put("retries", h.retries());
        m.put("timelimit", timeLimit(h.timelimit()));
        m.put("root_id", h.rootId());
        m.put("parent_id", h.parentId());
        m.put("argsrepr", h.argsrepr());
        m.put("kwargsrepr", h.kwargsrepr());
        m.put("origin", h.origin());
        m.put("ignore_result", h.ignoreResult());
        m.putAll(h.extra());
        // Headers go through the same JSON rules as the body, so a value with no JSON form fails here too.
        PyJson.write(m);
        return m;
    }

    // Mirrors as_task_v1's body: everything in one object, taskset repeating group, utc true.
    private static Map<String, @Nullable Object> v1Body(TaskHeaders h, TaskBody b) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("task", h.task());
        m.put("id", h.id());
        m.put("args", b.args());
        m.put("kwargs", b.kwargs());
        m.put("group", h.group());
        m.put("group_index", h.groupIndex());
        m.put("retries", h.retries());
        m.put("eta", time(h.eta()));
        m.put("expires", time(h.expires()));
        m.put("utc", true);
        Map<String, @Nullable Object> embed = b.embed().toDict();
        m.put("callbacks", embed.get("callbacks"));
        m.put("errbacks", embed.get("errbacks"));
        m.put("timelimit", timeLimit(h.timelimit()));
        m.put("taskset", h.group());
        m.put("chord", embed.get("chord"));
        return m;
    }

    private static @Nullable String time(@Nullable Instant t) {
        return t == null ? null : PyFormat.isoformat(t);
    }

    private static List<@Nullable Object> timeLimit(TimeLimit t) {
        return Arrays.asList(seconds(t.hard()), seconds(t.soft()));
    }

    private static @Nullable Object seconds(@Nullable Duration d) {
        return d == null ? null : PyFormat.seconds(d);
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
