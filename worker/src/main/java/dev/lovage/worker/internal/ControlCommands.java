package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.broker.Broker;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.TaskRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
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

    public ControlCommands(Worker worker) {
        this.w = worker;
    }

    @Nullable Object run(String method, Map<String, @Nullable Object> a) {
        return switch (method) {
            case "ping" -> ok("pong");
            case "active", "dump_active" -> infos(w.state().active(), Boolean.TRUE.equals(a.get("safe")));
            case "reserved", "dump_reserved" -> infos(w.state().reserved(), false);
            case "scheduled", "dump_schedule" -> scheduled();
            case "query_task" -> queryTask(a.get("ids"));
            case "revoked", "dump_revoked" -> new ArrayList<>(w.revoked().snapshot());
            case "registered", "dump_tasks" -> registered();
            case "stats" -> stats();
            case "active_queues" -> activeQueues();
            case "clock" -> Map.of("clock", w.clock().value());
            case "conf", "dump_conf" -> RemoteControl.conf(w.config());
            case "report" -> ok("lovage 0.1.0 (Java " + Runtime.version() + ") on " + System.getProperty("os.name"));
            case "hello" -> hello(a);
            case "revoke" -> revoke(a.get("task_id"), Boolean.TRUE.equals(a.get("terminate")));
            case "terminate" -> revoke(a.get("task_id"), true);
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

    /** Request.info() of celery/worker/request.py. */
    private Map<String, @Nullable Object> info(WorkerState.Entry e, boolean safe) {
        TaskRequest r = e.request();
        TaskHeaders h = r.message().headers();
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", h.id());
        m.put("name", h.task());
        m.put("args", safe ? h.argsrepr() : r.message().body().args());
        m.put("kwargs", safe ? h.kwargsrepr() : r.message().body().kwargs());
        m.put("type", h.task());
        m.put("hostname", w.hostname());
        m.put("time_start", e.started() == null ? null : e.started().toEpochMilli() / 1000.0);
        m.put("acknowledged", e.started() != null && !w.config().taskAcksLate());
        Map<String, @Nullable Object> d = new LinkedHashMap<>();
        d.put("exchange", r.deliveryInfo().exchange());
        d.put("routing_key", r.deliveryInfo().routingKey());
        d.put("priority", r.deliveryInfo().priority());
        d.put("redelivered", r.deliveryInfo().redelivered());
        m.put("delivery_info", d);
        m.put("worker_pid", e.started() == null ? null : ProcessHandle.current().pid());
        return m;
    }

    private List<Object> infos(List<WorkerState.Entry> entries, boolean safe) {
        List<Object> out = new ArrayList<>();
        entries.forEach(e -> out.add(info(e, safe)));
        return out;
    }

    private List<Object> scheduled() {
        List<Object> out = new ArrayList<>();
        for (WorkerState.Entry e : w.state().scheduled()) {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("eta", PyFormat.isoformat(e.request().message().headers().eta()));
            m.put("priority", e.request().deliveryInfo().priority());
            m.put("request", info(e, false));
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> queryTask(@Nullable Object ids) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String id : ids(ids)) {
            WorkerState.Entry active = w.state().activeEntry(id);
            WorkerState.Entry reserved = w.state().reservedEntry(id);
            if (active != null) {
                out.put(id, List.of("active", info(active, false)));
            } else if (reserved != null) {
                out.put(id, List.of("reserved", info(reserved, false)));
            }
        }
        return out;
    }

    private List<String> registered() {
        List<String> names = new ArrayList<>();
        w.registry().all().keySet().stream().filter(n -> !n.startsWith("celery.")).forEach(names::add);
        return names;
    }

    private Map<String, @Nullable Object> stats() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("total", w.state().total());
        m.put("pid", ProcessHandle.current().pid());
        m.put("clock", Long.toString(w.clock().value()));
        m.put("uptime", Duration.between(w.started(), Instant.now()).toSeconds());
        Map<String, @Nullable Object> pool = new LinkedHashMap<>();
        pool.put("implementation", "lovage:" + w.config().workerPool().name().toLowerCase(Locale.ROOT));
        pool.put("max-concurrency", w.config().workerConcurrency());
        pool.put("processes", List.of(ProcessHandle.current().pid()));
        pool.put("max-tasks-per-child", "N/A");
        pool.put("put-guarded-by-semaphore", false);
        pool.put("timeouts", Arrays.asList(seconds(w.config().taskSoftTimeLimit()),
                seconds(w.config().taskTimeLimit())));
        m.put("pool", pool);
        m.put("broker", w.broker().connectionInfo());
        m.put("prefetch_count", w.config().prefetchCount());
        m.put("rusage", rusage());
        return m;
    }

    private static @Nullable Object seconds(@Nullable Duration d) {
        return d == null ? 0 : PyFormat.floatSeconds(d);
    }

    private static Map<String, Object> rusage() {
        Map<String, Object> r = new LinkedHashMap<>();
        var os = ManagementFactory.getOperatingSystemMXBean();
        double cpu = os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : 0;
        r.put("utime", cpu);
        r.put("stime", 0.0);
        r.put("maxrss", maxRssKb());
        return r;
    }

    private static long maxRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            log.debug("No /proc/self/status: {}", e.toString());
        }
        return 0;
    }

    private List<Object> activeQueues() {
        List<Object> out = new ArrayList<>();
        for (String q : w.broker().consumer().queues()) {
            Map<String, @Nullable Object> exchange = new LinkedHashMap<>();
            exchange.put("name", q);
            exchange.put("type", w.config().taskDefaultExchangeType());
            exchange.put("arguments", null);
            exchange.put("durable", true);
            exchange.put("passive", false);
            exchange.put("auto_delete", false);
            exchange.put("delivery_mode", null);
            exchange.put("no_declare", false);
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("name", q);
            m.put("exchange", exchange);
            m.put("routing_key", q);
            m.put("queue_arguments", null);
            m.put("binding_arguments", null);
            m.put("consumer_arguments", null);
            m.put("durable", true);
            m.put("exclusive", false);
            m.put("auto_delete", false);
            m.put("no_ack", false);
            m.put("alias", null);
            m.put("bindings", List.of());
            m.put("no_declare", null);
            m.put("expires", null);
            m.put("message_ttl", null);
            m.put("max_length", null);
            m.put("max_length_bytes", null);
            m.put("max_priority", w.config().taskQueueMaxPriority());
            out.add(m);
        }
        return out;
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

    private static List<String> ids(@Nullable Object v) {
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
