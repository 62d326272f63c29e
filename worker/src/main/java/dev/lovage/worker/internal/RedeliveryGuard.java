package dev.lovage.worker.internal;

import dev.lovage.worker.internal.AckPolicy.AckDecision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a task from running twice because this worker's broker connection was lost. A task that was running, or
 * had just ended, when the connection went could not have its acknowledgement delivered, so the broker delivers
 * its message again on the new connection, marked redelivered. A redelivered message of a task this worker started
 * on an earlier connection is not run again: it gets the outcome the first run had (acked, rejected or requeued),
 * once that run has ended. Remembers the last {@value #REMEMBERED} tasks. Thread-safe.
 */
final class RedeliveryGuard {
    static final int REMEMBERED = 10_000;

    private record Ended(int epoch, @Nullable AckDecision decision) {
    }

    private static final class Run {
        private final int epoch;
        private final CompletableFuture<@Nullable AckDecision> done = new CompletableFuture<>();

        private Run(int epoch) {
            this.epoch = epoch;
        }
    }

    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final Map<String, Ended> ended = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** A task starts on the connection incarnation {@code epoch}. */
    void started(String taskId, int epoch) {
        running.put(taskId, new Run(epoch));
    }

    /**
     * The task ended; {@code decision} is what a redelivered copy should get (null: run the copy, as when a cold
     * shutdown interrupted it).
     */
    void ended(String taskId, @Nullable AckDecision decision) {
        Run run = running.remove(taskId);
        if (run == null) {
            return;
        }
        synchronized (ended) {
            ended.put(taskId, new Ended(run.epoch, decision));
        }
        run.done.complete(decision);
    }

    /**
     * For a message of {@code taskId} delivered on incarnation {@code epoch}: the outcome it should get instead of
     * running, completed when the first run ends; null to run it.
     */
    @Nullable CompletableFuture<@Nullable AckDecision> duplicateOf(String taskId, int epoch, boolean redelivered) {
        if (!redelivered) {
            return null;
        }
        Run run = running.get(taskId);
        if (run != null && run.epoch < epoch) {
            return run.done;
        }
        Ended e;
        synchronized (ended) {
            e = ended.get(taskId);
            if (e == null || e.epoch >= epoch) {
                return null;
            }
            ended.remove(taskId);
        }
        return CompletableFuture.completedFuture(e.decision);
    }
}
