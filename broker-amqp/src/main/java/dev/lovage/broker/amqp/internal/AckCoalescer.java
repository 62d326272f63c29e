package dev.lovage.broker.amqp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns the acknowledgements of tasks that finish in any order into as few frames as the broker allows: all the
 * finished deliveries below the oldest one still unsettled go out as one {@code basic.ack multiple=true}, the rest
 * one by one. Task threads {@link #ack} and {@link #reject}; the channel thread {@link #flush}es.
 *
 * <p>A multiple ack settles every unsettled tag up to its own, so it must never reach a delivery that is still
 * running, held for its eta, or deliberately left unacknowledged (a cold shutdown with acks_late). Every delivery is
 * therefore recorded as {@link #delivered} before a task sees it, and stays unsettled until its own ack or reject
 * is sent. One channel delivers in tag order, so a finished tag implies that every lower tag was recorded.
 */
final class AckCoalescer {
    /** The channel calls a flush makes. */
    interface Frames {
        void ack(long tag, boolean multiple) throws Exception;

        void reject(long tag, boolean requeue) throws Exception;
    }

    private record Settle(long tag, boolean ack, boolean requeue) {
    }

    private final ConcurrentSkipListSet<Long> unsettled = new ConcurrentSkipListSet<>();
    private final ConcurrentLinkedQueue<Settle> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    /** Records a delivery before anyone can settle it; called on the consumer thread, in tag order. */
    void delivered(long tag) {
        unsettled.add(tag);
    }

    /** Queues an ack; true if the caller must schedule a {@link #flush} on the channel thread. */
    boolean ack(long tag) {
        queued.add(new Settle(tag, true, false));
        return flushScheduled.compareAndSet(false, true);
    }

    /** Queues a reject; true if the caller must schedule a {@link #flush} on the channel thread. */
    boolean reject(long tag, boolean requeue) {
        queued.add(new Settle(tag, false, requeue));
        return flushScheduled.compareAndSet(false, true);
    }

    /**
     * Sends what is queued; on the channel thread. A failed frame fails the flush, as one failed ack would.
     *
     * @param staleUpTo the highest tag of an earlier incarnation of the channel ({@link DeliveryTags#offset}):
     *                  those deliveries can no longer be settled (the broker redelivers them), so they are forgotten
     *                  and never hold back a multiple ack
     */
    void flush(long staleUpTo, Frames frames) throws Exception {
        // Cleared first: an ack queued from here on schedules another flush, so nothing waits behind this one.
        flushScheduled.set(false);
        if (staleUpTo > 0) {
            unsettled.headSet(staleUpTo, true).clear();
        }
        List<Long> acks = new ArrayList<>();
        Settle s;
        while ((s = queued.poll()) != null) {
            if (s.ack()) {
                acks.add(s.tag());
            } else {
                // Sent before any multiple ack that could cover it, so a reject is never turned into an ack.
                frames.reject(s.tag(), s.requeue());
                unsettled.remove(s.tag());
            }
        }
        if (acks.isEmpty()) {
            return;
        }
        acks.sort(null);
        for (long tag : acks) {
            unsettled.remove(tag);
        }
        // Tags from before a reconnect go at the first flush after it (staleUpTo); the client drops their frames.
        Long oldest = unsettled.ceiling(Long.MIN_VALUE);
        int below = 0;
        while (below < acks.size() && (oldest == null || acks.get(below) < oldest)) {
            below++;
        }
        if (below == 1) {
            frames.ack(acks.get(0), false);
        } else if (below > 1) {
            frames.ack(acks.get(below - 1), true);
        }
        for (int i = below; i < acks.size(); i++) {
            frames.ack(acks.get(i), false);
        }
    }
}
