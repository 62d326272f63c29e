package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.CeleryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The commands of celery/worker/control.py, with the replies a Python worker gives. */
public final class ControlCommands {
    private static final Logger log = LoggerFactory.getLogger(ControlCommands.class);

    /** The command has no reply (shutdown). */
    static final class NoReply extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoReply() {
            super(null, null, false, false);
        }
    }

    /** No such command. */
    static final class UnknownCommand extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownCommand(String method) {
            super(method, null, false, false);
        }
    }

    /** What the commands act on. */
    public record Worker(String hostname, CeleryConfig config, TaskRegistry registry, WorkerState state,
            RevokedSet revoked, RateLimits rateLimits, TimeLimitPolicy timeLimits, Broker broker,
            EventDispatcher events, LamportClock clock, Instant started, Runnable shutdown,
            Function<String, @Nullable Void> storeRevoked) {
    }

    private final Worker w;
    private final InspectCommands inspect;

    public ControlCommands(Worker worker) {
        this.w = worker;
        this.inspect = new InspectCommands(worker);
    }

    @Nullable Object run(String method, Map<String, @Nullable Object> a) {
        return switch (method) {
            case "ping" -> ok("pong");
            case "active", "dump_active" -> inspect.infos(w.state().active(), Boolean.TRUE.equals(a.get("safe")));
            case "reserved", "dump_reserved" -> inspect.infos(w.state().reserved(), false);
            case "scheduled", "dump_schedule" -> inspect.scheduled();
            case "query_task" -> inspect.queryTask(a.get("ids"));
            case "revoked", "dump_revoked" -> new ArrayList<>(w.revoked().snapshot());
            case "registered", "dump_tasks" -> inspect.registered(a.get("taskinfoitems"));
            case "stats" -> inspect.stats();
            case "active_queues" -> inspect.activeQueues();
            case "clock" -> Map.of("clock", w.clock().value());
            case "conf", "dump_conf" -> RemoteControl.conf(w.config());
            case "report" -> ok(RemoteControl.report(w.config()));
            case "hello" -> hello(a);
            case "revoke" -> revoke(a.get("task_id"), Boolean.TRUE.equals(a.get("terminate")));
            case "terminate" -> revoke(a.get("task_id"), true);
            case "revoke_by_stamped_headers" -> revokeByStamps(a);
            case "clear_revoked_stamps" -> {
                w.revoked().stamps().clear();
                yield ok("revoked stamps cleared");
            }
            case "shutdown" -> shutdown();
            case "rate_limit" -> rateLimit(a);
            case "time_limit" -> timeLimit(a);
            case "add_consumer" -> addConsumer(a);
            case "cancel_consumer" -> cancelConsumer(a);
            case "enable_events" -> ok(w.events().setTaskEvents(true) ? "task events enabled"
                    : "task events already enabled");
            case "disable_events" -> ok(w.events().setTaskEvents(false) ? "task events disabled"
                    : "task events already disabled");
            case "heartbeat" -> {
                w.events().heartbeatOnRequest();
                yield null;
            }
            case "election" -> null;
            default -> throw new UnknownCommand(method);
        };
    }

    private static Map<String, Object> ok(String text) {
        return Map.of("ok", text);
    }

    private static Map<String, Object> error(String text) {
        return Map.of("error", text);
    }

    private @Nullable Object hello(Map<String, @Nullable Object> a) {
        if (w.hostname().equals(a.get("from_node"))) {
            return null;
        }
        Map<String, Object> revoked = new LinkedHashMap<>();
        // Celery's LimitedSet data: id -> [float timestamp, id]; the float must have a decimal point.
        double now = System.nanoTime() / 1e9;
        for (String id : w.revoked().snapshot()) {
            revoked.put(id, List.of(now, id));
        }
        if (a.get("revoked") instanceof Map<?, ?> theirs) {
            theirs.keySet().forEach(id -> w.revoked().add(String.valueOf(id)));
        }
        return Map.of("revoked", revoked, "clock", w.clock().value());
    }

    private Map<String, Object> revoke(@Nullable Object taskIds, boolean terminate) {
        List<String> ids = ids(taskIds);
        for (String id : ids) {
            w.revoked().add(id);
            // Celery 5.6.2+ stores REVOKED at once on every worker that gets the broadcast.
            w.storeRevoked().apply(id);
        }
        if (!terminate) {
            return ok("tasks " + pythonSet(ids) + " flagged as revoked");
        }
        List<String> terminated = new ArrayList<>();
        for (String id : ids) {
            WorkerState.Entry e = w.state().activeEntry(id);
            if (e != null && e.thread() != null) {
                e.thread().interrupt();
                terminated.add(id);
            }
        }
        return ok(terminated.isEmpty() ? "terminate: tasks unknown" : "terminate: " + String.join(", ", terminated));
    }

    // Mirrors celery/worker/control.py revoke_by_stamped_headers (5.7); terminate interrupts the matching tasks
    // running here.
    private Map<String, Object> revokeByStamps(Map<String, @Nullable Object> a) {
        Map<String, @Nullable Object> headers = new LinkedHashMap<>();
        if (a.get("headers") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> headers.put(String.valueOf(k), v));
        } else if (a.get("headers") instanceof List<?> l) {
            for (Object pair : l) {
                String[] kv = String.valueOf(pair).split("=", 2);
                headers.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        w.revoked().stamps().add(headers);
        if (!Boolean.TRUE.equals(a.get("terminate"))) {
            return ok("headers " + PyFormat.repr(headers) + " flagged as revoked, but not terminated");
        }
        List<String> terminated = new ArrayList<>();
        for (WorkerState.Entry e : w.state().active()) {
            if (e.thread() != null && w.revoked().stamps().revoking(e.request().message().headers().extra()) != null) {
                w.revoked().add(e.request().taskId());   // so the interrupted task ends REVOKED
                e.thread().interrupt();
                terminated.add(e.request().taskId());
            }
        }
        return ok("headers " + PyFormat.repr(headers) + " revoked, terminated: " + String.join(", ", terminated));
    }

    private Object shutdown() {
        log.warn("Got shutdown from remote");
        Thread.ofPlatform().name("celery-shutdown").start(w.shutdown());
        throw new NoReply();
    }

    private Map<String, Object> rateLimit(Map<String, @Nullable Object> a) {
        String task = String.valueOf(a.get("task_name"));
        if (w.registry().get(task) == null) {
            return error("unknown task");
        }
        Object limit = a.get("rate_limit");
        try {
            w.rateLimits().set(task, limit == null ? null : limit.toString());
        } catch (IllegalArgumentException e) {
            return error("Invalid rate limit string: " + e.getMessage());
        }
        boolean off = limit == null || limit.toString().isEmpty() || limit.toString().equals("0");
        return ok(off ? "rate limit disabled successfully" : "new rate limit set successfully");
    }

    private Map<String, Object> timeLimit(Map<String, @Nullable Object> a) {
        String task = String.valueOf(a.get("task_name"));
        if (w.registry().get(task) == null) {
            return error("unknown task");
        }
        w.timeLimits().set(task, duration(a.get("hard")), duration(a.get("soft")));
        return ok("time limits set successfully");
    }

    private static @Nullable Duration duration(@Nullable Object v) {
        return v instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000)) : null;
    }

    private Map<String, Object> addConsumer(Map<String, @Nullable Object> a) {
        String queue = String.valueOf(a.get("queue"));
        w.broker().consumer().addQueue(queue);
        return ok("add consumer " + queue);
    }

    private Map<String, Object> cancelConsumer(Map<String, @Nullable Object> a) {
        String queue = String.valueOf(a.get("queue"));
        w.broker().consumer().cancelQueue(queue);
        return ok("no longer consuming from " + queue);
    }

    static List<String> ids(@Nullable Object v) {
        Set<String> ids = new LinkedHashSet<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> ids.add(String.valueOf(x)));
        } else if (v != null) {
            ids.add(v.toString());
        }
        return new ArrayList<>(ids);
    }

    /** A Python set's repr, as Celery 5.3+ formats the revoke reply. */
    private static String pythonSet(List<String> ids) {
        List<String> quoted = new ArrayList<>();
        ids.forEach(id -> quoted.add("'" + id + "'"));
        return "{" + String.join(", ", quoted) + "}";
    }
}
