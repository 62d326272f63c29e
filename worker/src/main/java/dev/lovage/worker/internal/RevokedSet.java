package dev.lovage.worker.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ids revoked on this worker, after Celery's {@code LimitedSet} in celery/worker/state.py: at most 50,000 ids,
 * each kept for 3 hours. Checked when a task arrives and again before it runs. Thread-safe.
 */
public final class RevokedSet {
    static final int MAX = 50_000;
    static final Duration EXPIRES = Duration.ofHours(3);

    private final InstantSource clock;
    private final LinkedHashMap<String, Instant> ids = new LinkedHashMap<>();
    private final RevokedStamps stamps = new RevokedStamps();

    public RevokedSet(InstantSource clock) {
        this.clock = clock;
    }

    public synchronized void add(String taskId) {
        ids.remove(taskId);
        ids.put(taskId, clock.instant().plus(EXPIRES));
        purge();
    }

    public synchronized boolean contains(String taskId) {
        purge();
        return ids.containsKey(taskId);
    }

    /** The stamps revoked by {@code revoke_by_stamped_headers}. */
    public RevokedStamps stamps() {
        return stamps;
    }

    public synchronized Set<String> snapshot() {
        purge();
        return Set.copyOf(ids.keySet());
    }

    private void purge() {
        Instant now = clock.instant();
        var it = ids.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (ids.size() > MAX || e.getValue().isBefore(now)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
