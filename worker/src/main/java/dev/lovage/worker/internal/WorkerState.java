package dev.lovage.worker.internal;

import dev.lovage.protocol.TaskHeaders;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What this worker is doing, for remote control and events (celery/worker/state.py): reserved, scheduled and
 * active requests, tasks processed by name. Fed through the listener seam. Thread-safe.
 */
public final class WorkerState implements WorkerListener {
    /** A request with when it started and on which thread, if it has. */
    public record Entry(TaskRequest request, @Nullable Instant started, @Nullable Thread thread) {
    }

    private final InstantSource clock;
    private final Map<String, Entry> reserved = new ConcurrentHashMap<>();
    private final Map<String, Entry> scheduled = new ConcurrentHashMap<>();
    private final Map<String, Entry> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> total = new ConcurrentHashMap<>();
    private final AtomicLong processed = new AtomicLong();

    public WorkerState(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void taskReceived(TaskRequest request) {
        TaskHeaders h = request.message().headers();
        Entry e = new Entry(request, null, null);
        if (h.eta() != null && h.eta().isAfter(clock.instant())) {
            scheduled.put(h.id(), e);
        } else {
            reserved.put(h.id(), e);
        }
    }

    @Override
    public void taskPrerun(TaskRequest request) {
        String id = request.taskId();
        reserved.remove(id);
        scheduled.remove(id);
        active.put(id, new Entry(request, clock.instant(), Thread.currentThread()));
    }

    @Override
    public void taskPostrun(TaskRequest request, Duration runtime) {
        active.remove(request.taskId());
        processed.incrementAndGet();
        total.computeIfAbsent(request.taskName(), k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void taskRevoked(TaskRequest request, String reason) {
        forget(request.taskId());
    }

    @Override
    public void taskRejected(TaskRequest request, boolean requeue) {
        forget(request.taskId());
    }

    @Override
    public void taskReleased(TaskRequest request) {
        forget(request.taskId());
    }

    private void forget(String id) {
        reserved.remove(id);
        scheduled.remove(id);
    }

    public List<Entry> active() {
        return new ArrayList<>(active.values());
    }

    public List<Entry> reserved() {
        return new ArrayList<>(reserved.values());
    }

    public List<Entry> scheduled() {
        return new ArrayList<>(scheduled.values());
    }

    public @Nullable Entry activeEntry(String id) {
        return active.get(id);
    }

    public @Nullable Entry reservedEntry(String id) {
        return reserved.get(id);
    }

    public long processed() {
        return processed.get();
    }

    /** Tasks run so far by name, sorted. */
    public Map<String, Long> total() {
        Map<String, Long> out = new TreeMap<>();
        total.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
