package dev.lovage.worker.internal;

import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.TaskRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The read-only commands of celery/worker/control.py ({@code celery inspect ...}), replying as a Python worker does. */
final class InspectCommands {
    private static final Logger log = LoggerFactory.getLogger(InspectCommands.class);

    private final ControlCommands.Worker w;

    InspectCommands(ControlCommands.Worker worker) {
        this.w = worker;
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

    List<Object> infos(List<WorkerState.Entry> entries, boolean safe) {
        List<Object> out = new ArrayList<>();
        entries.forEach(e -> out.add(info(e, safe)));
        return out;
    }

    List<Object> scheduled() {
        List<Object> out = new ArrayList<>();
        for (WorkerState.Entry e : w.state().scheduled()) {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("eta", PyFormat.isoformat(e.request().message().headers().eta()));
            // The priority of the worker's timer entry, not the message's: Celery's consumer enters ETA tasks at 6.
            m.put("priority", 6);
            m.put("request", info(e, false));
            out.add(m);
        }
        return out;
    }

    Map<String, Object> queryTask(@Nullable Object ids) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String id : ControlCommands.ids(ids)) {
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

    /**
     * Mirrors celery/worker/control.py registered: with {@code taskinfoitems}, each name is followed by the asked
     * attributes it has, {@code "t.add [name=t.add]"} (Lovage knows {@code name} only).
     */
    List<String> registered(@Nullable Object taskinfoitems) {
        boolean withName = taskinfoitems instanceof List<?> items && items.contains("name");
        List<String> names = new ArrayList<>();
        w.registry().all().keySet().stream().filter(n -> !n.startsWith("celery."))
                .forEach(n -> names.add(withName ? n + " [name=" + n + "]" : n));
        return names;
    }

    Map<String, @Nullable Object> stats() {
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

    List<Object> activeQueues() {
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
}
