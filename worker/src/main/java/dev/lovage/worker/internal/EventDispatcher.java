package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.worker.broker.EventStream;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Monitoring events on the {@code celeryev} topic exchange, as celery/events/dispatcher.py sends them: worker-online,
 * a worker-heartbeat every 2 s and worker-offline always (Flower and Python workers' gossip see the worker); task
 * events when task events are on ({@code -E}, {@code worker_send_task_events}, or the {@code enable_events}
 * command), batched like a Python worker's into {@code task.multi} messages.
 */
public final class EventDispatcher implements WorkerListener, AutoCloseable {
    static final double FREQ = 2.0;
    private static final int BATCH = 24;

    private final EventStream stream;
    private final String hostname;
    private final LamportClock clock;
    private final WorkerState state;
    private final AtomicBoolean taskEvents;
    private final List<Map<String, Object>> buffer = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("celery-events").daemon(true).factory());

    public EventDispatcher(EventStream stream, String hostname, LamportClock clock, WorkerState state,
            boolean taskEvents) {
        this.stream = stream;
        this.hostname = hostname;
        this.clock = clock;
        this.state = state;
        this.taskEvents = new AtomicBoolean(taskEvents);
    }

    /** Sends worker-online and starts the heartbeat (unless {@code --without-heartbeat}). */
    public void start(boolean heartbeat) {
        workerEvent("worker-online", true);
        if (heartbeat) {
            timer.scheduleAtFixedRate(() -> workerEvent("worker-heartbeat", true), 2000, 2000,
                    TimeUnit.MILLISECONDS);
        }
        timer.scheduleAtFixedRate(this::flush, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Turns task events on or off; returns false when they already were. */
    public boolean setTaskEvents(boolean on) {
        return taskEvents.getAndSet(on) != on;
    }

    public boolean taskEventsEnabled() {
        return taskEvents.get();
    }

    /** The heartbeat the {@code heartbeat} control command asks for: only freq 5 and the software fields. */
    public void heartbeatOnRequest() {
        Map<String, Object> e = base("worker-heartbeat");
        e.put("freq", 5);
        software(e);
        send("worker.heartbeat", e);
    }

    private void workerEvent(String type, boolean withStats) {
        Map<String, Object> e = base(type);
        e.put("freq", FREQ);
        if (withStats) {
            e.put("active", state.active().size());
            e.put("processed", state.processed());
            e.put("loadavg", loadavg());
        }
        software(e);
        send(type.replace('-', '.'), e);
    }

    private static void software(Map<String, Object> e) {
        e.put("sw_ident", "lovage");
        e.put("sw_ver", "0.1.0");
        e.put("sw_sys", System.getProperty("os.name"));
    }

    private Map<String, Object> base(String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("hostname", hostname);
        e.put("utcoffset", utcoffset());
        e.put("pid", ProcessHandle.current().pid());
        e.put("clock", clock.forward());
        e.put("timestamp", System.currentTimeMillis() / 1000.0);
        e.put("type", type);
        return e;
    }

    /** celery/utils/time.py utcoffset: hours west of UTC, floor-divided (UTC+2 is -2). */
    static int utcoffset() {
        int seconds = TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 1000;
        return Math.floorDiv(-seconds, 3600);
    }

    private static List<Double> loadavg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(round(parts[0]), round(parts[1]), round(parts[2]));
        } catch (Exception e) {
            return List.of(0.0, 0.0, 0.0);
        }
    }

    private static double round(String v) {
        return Math.round(Double.parseDouble(v) * 100) / 100.0;
    }

    private void send(String routingKey, Object body) {
        stream.publish(routingKey, Map.of("hostname", hostname),
                PyJson.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private void task(String type, TaskRequest request, Map<String, @Nullable Object> fields) {
        if (!taskEvents.get()) {
            return;
        }
        Map<String, Object> e = base(type);
        e.remove("type");
        e.remove("timestamp");
        e.put("uuid", request.taskId());
        e.putAll(fields);
        e.put("timestamp", System.currentTimeMillis() / 1000.0);
        e.put("type", type);
        synchronized (buffer) {
            buffer.add(e);
            if (buffer.size() >= BATCH) {
                flushLocked();
            }
        }
    }

    private void flush() {
        synchronized (buffer) {
            flushLocked();
        }
    }

    private void flushLocked() {
        if (!buffer.isEmpty()) {
            send("task.multi", new ArrayList<>(buffer));
            buffer.clear();
        }
    }

    @Override
    public void taskReceived(TaskRequest request) {
        TaskHeaders h = request.message().headers();
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        f.put("name", h.task());
        f.put("args", h.argsrepr() != null ? h.argsrepr() : PyFormat.tupleRepr(request.message().body().args()));
        f.put("kwargs", h.kwargsrepr() != null ? h.kwargsrepr() : PyFormat.repr(request.message().body().kwargs()));
        f.put("root_id", h.rootId());
        f.put("parent_id", h.parentId());
        f.put("retries", h.retries());
        f.put("eta", h.eta() == null ? null : PyFormat.isoformat(h.eta()));
        f.put("expires", h.expires() == null ? null : PyFormat.isoformat(h.expires()));
        task("task-received", request, f);
    }

    @Override
    public void taskPrerun(TaskRequest request) {
        task("task-started", request, Map.of());
    }

    @Override
    public void taskSuccess(TaskRequest request, @Nullable Object result, Duration runtime) {
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        f.put("result", PyFormat.repr(result));
        f.put("runtime", PyFormat.floatSeconds(runtime));
        task("task-succeeded", request, f);
    }

    @Override
    public void taskFailure(TaskRequest request, Throwable error, Duration runtime) {
        var info = ExceptionMapper.toInfo(error);
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        f.put("exception", ExceptionMapper.repr(info));
        f.put("traceback", Tracebacks.format(error, info));
        task("task-failed", request, f);
    }

    @Override
    public void taskRetry(TaskRequest request, Throwable reason) {
        Throwable cause = reason.getCause() != null ? reason.getCause() : reason;
        var info = ExceptionMapper.toInfo(cause);
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        f.put("exception", ExceptionMapper.repr(info));
        f.put("traceback", Tracebacks.format(cause, info));
        task("task-retried", request, f);
    }

    @Override
    public void taskRevoked(TaskRequest request, String reason) {
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        f.put("terminated", reason.equals("terminated"));
        f.put("signum", reason.equals("terminated") ? 15 : null);
        f.put("expired", reason.equals("expired"));
        task("task-revoked", request, f);
    }

    @Override
    public void taskRejected(TaskRequest request, boolean requeue) {
        task("task-rejected", request, Map.of("requeue", requeue));
    }

    /** Flushes task events and sends worker-offline. */
    @Override
    public void close() {
        timer.shutdownNow();
        flush();
        workerEvent("worker-offline", true);
    }
}
