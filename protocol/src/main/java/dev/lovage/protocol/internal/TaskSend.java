package dev.lovage.protocol.internal;

import dev.lovage.protocol.Embed;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.PlanStep;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskBody;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.TaskMessageEncoder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code Task.apply_async} and {@code app.send_task} (celery/app/task.py, celery/app/base.py) with
 * {@code as_task_v2} / {@code as_task_v1} (celery/app/amqp.py): one task message from a name, args, kwargs and the
 * merged apply options, routed as {@code send_task_message} routes it, added to the plan as a publish step.
 */
final class TaskSend {
    private static final int REPR_MAX = 1024;
    private final Apply ctx;

    TaskSend(Apply ctx) {
        this.ctx = ctx;
    }

    Res send(String name, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
            Map<String, @Nullable Object> o) {
        // Task.apply_async: a task's own ignore_result (false) is the default.
        o.putIfAbsent("ignore_result", false);
        Object given = Apply.pop(o, "task_id");
        String id = Apply.truthy(given) ? given.toString() : ctx.uuid();
        Object countdown = Apply.pop(o, "countdown");
        Object eta = Apply.pop(o, "eta");
        Object expires = Apply.pop(o, "expires");
        Object link = Apply.pop(o, "link");
        Object linkError = Apply.pop(o, "link_error");
        Object groupId = Apply.pop(o, "group_id");
        Object groupIndex = Apply.pop(o, "group_index");
        Object retries = o.containsKey("retries") ? Apply.pop(o, "retries") : 0;
        Object chord = Apply.pop(o, "chord");
        Object replyTo = Apply.pop(o, "reply_to");
        Object timeLimit = Apply.pop(o, "time_limit");
        Object softTimeLimit = Apply.pop(o, "soft_time_limit");
        Object rootId = Apply.pop(o, "root_id");
        Object parentId = Apply.pop(o, "parent_id");
        Object shadow = Apply.pop(o, "shadow");
        Object chain = Apply.pop(o, "chain");
        Object nesting = o.containsKey("replaced_task_nesting") ? Apply.pop(o, "replaced_task_nesting") : 0;
        Object ignoreResult = Apply.pop(o, "ignore_result");
        boolean addToParent = !Boolean.FALSE.equals(Apply.pop(o, "add_to_parent"));
        if (ctx.parent != null) {
            // send_task: a task published from inside a running task is its child.
            if (!Apply.truthy(rootId)) {
                rootId = ctx.parent.rootId() != null ? ctx.parent.rootId() : ctx.parent.id();
            }
            if (!Apply.truthy(parentId)) {
                parentId = ctx.parent.id();
            }
        }
        Instant etaTime = Apply.truthy(countdown) ? ctx.now.plusNanos(nanos(countdown, "countdown")) : instant(eta);
        Instant expiresTime = expires instanceof Number n ? ctx.now.plusNanos(nanos(n, "expires")) : instant(expires);
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", name);
        h.put("id", id);
        h.put("shadow", shadow);
        h.put("eta", etaTime == null ? null : PyIsoFormat.utc(etaTime));
        h.put("expires", expiresTime == null ? null : PyIsoFormat.utc(expiresTime));
        h.put("group", groupId);
        h.put("group_index", groupIndex);
        h.put("retries", retries);
        h.put("timelimit", Arrays.asList(timeLimit, softTimeLimit));
        h.put("root_id", Apply.truthy(rootId) ? rootId : id);
        h.put("parent_id", parentId);
        h.put("argsrepr", SafeRepr.tuple(args, REPR_MAX));
        h.put("kwargsrepr", SafeRepr.repr(kwargs, REPR_MAX));
        h.put("origin", ctx.origin);
        h.put("ignore_result", Boolean.TRUE.equals(ignoreResult));
        h.put("replaced_task_nesting", nesting);
        List<String> stamped = stampedHeaders(o.remove("stamped_headers"));
        Map<String, @Nullable Object> stamps = new LinkedHashMap<>();
        stamped.forEach(s -> stamps.put(s, o.remove(s)));
        h.put("stamped_headers", stamped.isEmpty() ? null : stamped);
        h.put("stamps", stamps);
        if (o.get("headers") instanceof Map<?, ?> custom) {
            custom.forEach((k, v) -> h.put(String.valueOf(k), Sig.plain(v)));
        }
        Embed embed = new Embed(signatures(link), signatures(linkError), ctx.useLink() ? null : signatures(chain),
                chord == null ? null : Sig.of(chord).snapshot());
        TaskHeaders headers = HeaderReader.read(h);
        TaskBody body = new TaskBody(args, kwargs, embed);
        // Router.route merges routed options with lpmerge, which drops the task's unset (None) execution options,
        // priority among them, so kombu publishes priority 0; an explicit queue with no route keeps them: None.
        Object priority = o.get("priority");
        boolean keepsNone = Apply.truthy(o.get("queue")) && ctx.routes.routeFor(name) == null;
        String expiration = expiresTime == null ? null : expiration(expires, expiresTime);
        MessageProperties props = new MessageProperties(id, "application/json", "utf-8",
                Apply.truthy(replyTo) ? replyTo.toString() : ctx.replyTo,
                priority instanceof Number p ? Integer.valueOf(p.intValue()) : keepsNone ? null : Integer.valueOf(0),
                expiration);
        TaskMessage message = new TaskMessage(props, headers, body, ctx.protocol);
        ctx.steps.add(route(name, o, message));
        if (addToParent) {
            // send_task: parent.add_trail(result), a fresh AsyncResult without parent.
            ctx.trail.add(Res.task(id));
        }
        return Res.task(id);
    }

    private PlanStep.Publish route(String name, Map<String, @Nullable Object> o, TaskMessage message) {
        String queue = queueName(o.get("queue"));
        Object exchange = o.get("exchange");
        Object routingKey = o.get("routing_key");
        boolean retry = !Boolean.FALSE.equals(o.get("retry"));
        Map<String, @Nullable Object> policy = new LinkedHashMap<>();
        if (o.get("retry_policy") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> policy.put(String.valueOf(k), v));
        }
        var encoded = TaskMessageEncoder.encode(message);
        // The queue is declared in both cases: the one given, else the routed or default one.
        String target = queue != null ? queue : ctx.routes.queueFor(name);
        // send_task_message: with both an exchange and a routing key the message goes as given; otherwise the
        // direct-exchange shortcut publishes to the default exchange with the queue name as the routing key.
        if (Apply.truthy(exchange) && Apply.truthy(routingKey)) {
            return new PlanStep.Publish(exchange.toString(), routingKey.toString(), target, message, encoded, retry,
                    policy);
        }
        return new PlanStep.Publish("", target, target, message, encoded, retry, policy);
    }

    private static @Nullable String queueName(@Nullable Object q) {
        if (q instanceof Map<?, ?> m && m.get("name") != null) {
            return m.get("name").toString();
        }
        return Apply.truthy(q) ? q.toString() : null;
    }

    // kombu: str(int(expiration * 1000)) where send_task computed the seconds left; a past time gives 0.
    private String expiration(@Nullable Object expires, Instant expiresTime) {
        double seconds = expires instanceof Number n ? n.doubleValue()
                : Duration.between(ctx.now, expiresTime).toNanos() / 1e9;
        return Long.toString((long) (Math.max(0, seconds) * 1000));
    }

    private static @Nullable List<Signature> signatures(@Nullable Object v) {
        List<Signature> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(item -> out.add(Sig.of(item).snapshot()));
        } else if (v != null) {
            out.add(Sig.of(v).snapshot());
        }
        return v == null ? null : out;
    }

    private static List<String> stampedHeaders(@Nullable Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(s -> out.add(String.valueOf(s)));
        }
        return out;
    }

    private static long nanos(Object seconds, String what) {
        if (!(seconds instanceof Number n)) {
            throw new IllegalArgumentException(what + " must be a number of seconds, got " + seconds);
        }
        return new BigDecimal(n.toString()).movePointRight(9).longValue();
    }

    private static @Nullable Instant instant(@Nullable Object v) {
        return switch (v) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime t -> t.toInstant();
            case ZonedDateTime t -> t.toInstant();
            case String s when s.isEmpty() -> null;
            default -> Iso8601.parseInstant(v.toString());
        };
    }
}
