package dev.lovage.broker.redis.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What a consumer holds: popped and not yet settled in Redis. A message being acknowledged stays here (its lease
 * is still renewed) until Redis confirmed the ack, but no longer counts against the prefetch window, as kombu's
 * QoS stops counting a message once acked. Thread-safe.
 */
public final class HeldMessages {
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final Set<Long> settling = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unsettled = new AtomicInteger();

    public void add(Held h) {
        held.put(h.tag(), h);
        unsettled.incrementAndGet();
    }

    /** The message, or null if it was settled or lost. */
    public @Nullable Held get(long tag) {
        return held.get(tag);
    }

    /** Marks a message as being settled; false if it is not held (lost, or settled already). */
    public boolean settling(long tag) {
        if (held.containsKey(tag) && settling.add(tag)) {
            unsettled.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Forgets a message: settled in Redis, restored, or found gone. */
    public void remove(long tag) {
        if (held.remove(tag) != null && !settling.remove(tag)) {
            unsettled.decrementAndGet();
        }
    }

    /** Messages delivered and neither acked nor rejected: what the prefetch window counts. */
    public int unsettled() {
        return unsettled.get();
    }

    /** Every held message, settling ones included, in delivery order. */
    public List<Held> all() {
        List<Held> all = new ArrayList<>(held.values());
        all.sort((a, b) -> Long.compare(a.tag(), b.tag()));
        return all;
    }

    /** Held messages not being settled, in delivery order: what a shutdown puts back. */
    public List<Held> unsettledList() {
        List<Held> list = new ArrayList<>();
        for (Held h : all()) {
            if (!settling.contains(h.tag())) {
                list.add(h);
            }
        }
        return list;
    }

    /** True while an ack or requeue of {@code tag} is on its way to Redis. */
    public boolean isSettling(long tag) {
        return settling.contains(tag);
    }

    /** The delivery tags held now: a restore scan must not take these. */
    public Set<String> deliveryTags() {
        Set<String> tags = new HashSet<>();
        held.values().forEach(h -> tags.add(h.deliveryTag()));
        return tags;
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }
}
