package dev.lovage.worker.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stamps revoked on this worker by {@code revoke_by_stamped_headers}, after Celery's
 * {@code worker_state.revoked_stamps}: header name to the values revoked. A task whose message carries a revoked
 * value under one of its {@code stamped_headers} is discarded as revoked (celery/worker/request.py
 * {@code Request.revoked}). Thread-safe.
 */
public final class RevokedStamps {
    private final Map<String, List<@Nullable Object>> stamps = new LinkedHashMap<>();

    /** Adds the values of each header to those already revoked under it. */
    public synchronized void add(Map<String, ?> headers) {
        headers.forEach((name, values) -> stamps.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list(values)));
    }

    public synchronized void clear() {
        stamps.clear();
    }

    /**
     * The {@code {header: value}} that revokes a message with these headers ({@code stamped_headers} naming the
     * stamps, {@code stamps} holding their values), or null when none does.
     */
    public synchronized @Nullable Map<String, @Nullable Object> revoking(Map<String, @Nullable Object> headers) {
        if (stamps.isEmpty() || !(headers.get("stamped_headers") instanceof List<?> names)) {
            return null;
        }
        Map<?, ?> values = headers.get("stamps") instanceof Map<?, ?> m ? m : Map.of();
        for (Object name : names) {
            List<@Nullable Object> revoked = stamps.get(String.valueOf(name));
            Object stamped = values.containsKey(name) ? values.get(name) : headers.get(String.valueOf(name));
            if (revoked == null || stamped == null) {
                continue;
            }
            for (Object value : list(stamped)) {
                for (Object r : revoked) {
                    if (same(value, r)) {
                        Map<String, @Nullable Object> match = new LinkedHashMap<>();
                        match.put(String.valueOf(name), value);
                        return match;
                    }
                }
            }
        }
        return null;
    }

    private static List<@Nullable Object> list(@Nullable Object v) {
        List<@Nullable Object> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            out.addAll(l);
        } else {
            out.add(v);
        }
        return out;
    }

    // Python's ==: 1234 == 1234 whatever width the JSON decoder chose.
    private static boolean same(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a == null ? b == null : a.equals(b);
    }
}
