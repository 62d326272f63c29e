package dev.lovage.cleanup.internal;

import dev.lovage.cleanup.ChordCleanupStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records chord header ids for cleanup off the task threads: ids queued while a write is under way go out with the
 * next one, one write per chord. A record that cannot be written is logged; its chord's headers are then left to
 * {@code result_expires}. Thread-safe.
 */
public final class HeaderRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeaderRecorder.class);

    private record Record(String groupId, String callbackId, List<String> headerIds) {
    }

    private final ChordCleanupStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("celery-cleanup-record").daemon(true).factory());
    private final ConcurrentLinkedQueue<Record> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean queued = new AtomicBoolean();

    public HeaderRecorder(ChordCleanupStore store) {
        this.store = store;
    }

    /** Queues header ids of chord {@code groupId} (callback {@code callbackId}) for recording. */
    public void record(String groupId, String callbackId, List<String> headerIds) {
        waiting.add(new Record(groupId, callbackId, headerIds));
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::writeWaiting);
            } catch (RejectedExecutionException e) {
                log.debug("Chord {} not recorded for cleanup: shutting down", groupId);
            }
        }
    }

    private void writeWaiting() {
        queued.set(false);
        Map<List<String>, Set<String>> byChord = new LinkedHashMap<>();
        Record r;
        while ((r = waiting.poll()) != null) {
            byChord.computeIfAbsent(List.of(r.groupId(), r.callbackId()), k -> new HashSet<>()).addAll(r.headerIds());
        }
        byChord.forEach((chord, ids) -> {
            try {
                store.recordHeaders(chord.get(0), chord.get(1), ids);
            } catch (RuntimeException e) {
                log.warn("Could not record chord {} for cleanup: {}", chord.get(0), e.getMessage());
            }
        });
    }

    /** Writes what is queued (waiting up to 5 s), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
