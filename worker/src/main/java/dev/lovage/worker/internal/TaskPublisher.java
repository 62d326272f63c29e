package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.broker.TaskProducer;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.codec.PyJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a signature as a protocol v2 task message, as {@code Signature.apply_async} and
 * celery/app/amqp.py {@code as_task_v2} build it: headers in Celery's order, {@code [args, kwargs, embed]} in
 * Python's JSON, options mapped to headers, embed and routing.
 */
final class TaskPublisher {
    /** Who publishes: the running task, whose id and root become the new message's parent and root. */
    record Parent(@Nullable String id, @Nullable String rootId) {
    }

    private final TaskProducer producer;
    private final Routes routes;
    private final InstantSource clock;
    private final String origin;

    TaskPublisher(TaskProducer producer, Routes routes, InstantSource clock) {
        this.producer = producer;
        this.routes = routes;
        this.clock = clock;
        this.origin = "gen" + ProcessHandle.current().pid() + "@" + Hostnames.localHost();
    }

    /** The id a signature will run under: its frozen {@code task_id}, else a new one. */
    static String idOf(Signature sig) {
        String id = sig.taskId();
        return id != null ? id : UUID.randomUUID().toString();
    }

    /** Publishes {@code sig} (a plain task) with {@code partial} before its own args unless it is immutable. */
    String publish(Signature sig, List<@Nullable Object> partial, Parent parent) {
        Map<String, @Nullable Object> o = sig.options();
        String id = idOf(sig);
        List<@Nullable Object> args = new ArrayList<>();
        if (!sig.immutable()) {
            args.addAll(partial);
        }
        args.addAll(sig.args());
        Instant eta = eta(o);
        String expires = expires(o);
        String rootId = text(o.get("root_id"), parent.rootId() != null ? parent.rootId() : id);
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", sig.task());
        h.put("id", id);
        h.put("shadow", o.get("shadow"));
        h.put("eta", eta == null ? null : PyFormat.isoformat(eta));
        h.put("expires", expires);
        h.put("group", o.get("group_id"));
        h.put("group_index", o.get("group_index"));
        h.put("retries", 0);
        h.put("timelimit", Arrays.asList(o.get("time_limit"), o.get("soft_time_limit")));
        h.put("root_id", rootId);
        h.put("parent_id", text(o.get("parent_id"), parent.id()));
        h.put("argsrepr", PyFormat.tupleRepr(args));
        h.put("kwargsrepr", PyFormat.repr(sig.kwargs()));
        h.put("origin", origin);
        h.put("ignore_result", Boolean.TRUE.equals(o.get("ignore_result")));
        h.put("replaced_task_nesting", 0);
        h.put("stamped_headers", null);
        h.put("stamps", Map.of());
        Map<String, @Nullable Object> embed = new LinkedHashMap<>();
        embed.put("callbacks", nullIfEmpty(SignatureDicts.toDicts(SignatureDicts.many(o.get("link")))));
        embed.put("errbacks", nullIfEmpty(SignatureDicts.toDicts(SignatureDicts.many(o.get("link_error")))));
        embed.put("chain", o.get("chain"));
        embed.put("chord", o.get("chord"));
        byte[] body = PyJson.write(Arrays.asList(args, sig.kwargs(), embed)).getBytes(StandardCharsets.UTF_8);
        String expiration = null;
        if (expires != null) {
            long ms = Duration.between(clock.instant(), PyFormat.parseInstant(expires)).toMillis();
            expiration = Long.toString(Math.max(0, ms));
        }
        Integer priority = o.get("priority") instanceof Number n ? n.intValue() : 0;
        MessageProperties props = new MessageProperties(id, "application/json", "utf-8",
                o.get("reply_to") == null ? null : o.get("reply_to").toString(), priority, expiration);
        String queue = queue(sig);
        producer.declareQueue(queue);
        producer.publish(new OutgoingMessage("", queue, props, h, body));
        return id;
    }

    private String queue(Signature sig) {
        Object q = sig.options().get("queue");
        if (q instanceof Map<?, ?> m && m.get("name") != null) {
            return m.get("name").toString();
        }
        if (q != null) {
            return q.toString();
        }
        Object rk = sig.options().get("routing_key");
        return rk != null && sig.options().get("exchange") == null ? rk.toString() : routes.queueFor(sig.task());
    }

    private @Nullable Instant eta(Map<String, @Nullable Object> o) {
        if (o.get("eta") != null) {
            return PyFormat.parseInstant(o.get("eta").toString());
        }
        if (o.get("countdown") instanceof Number n) {
            return clock.instant().plusNanos(new BigDecimal(n.toString()).movePointRight(9).longValue());
        }
        return null;
    }

    private @Nullable String expires(Map<String, @Nullable Object> o) {
        Object e = o.get("expires");
        if (e instanceof Number n) {
            return PyFormat.isoformat(clock.instant().plusNanos(new BigDecimal(n.toString()).movePointRight(9)
                    .longValue()));
        }
        return e == null ? null : e.toString();
    }

    private static @Nullable Object nullIfEmpty(List<?> l) {
        return l.isEmpty() ? null : l;
    }

    private static @Nullable String text(@Nullable Object v, @Nullable String fallback) {
        return v != null ? v.toString() : fallback;
    }
}
