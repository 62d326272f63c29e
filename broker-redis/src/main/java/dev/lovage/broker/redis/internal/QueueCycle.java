package dev.lovage.broker.redis.internal;

import dev.lovage.broker.redis.RedisTransportOptions.QueueOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a consumer tries its queues, as kombu's {@code queue_order_strategy} cycles
 * (kombu/utils/scheduling.py): round robin moves the queue a message came from to the end, priority keeps the
 * given order, sorted sorts by name. Priority steps always come first (see {@link KeyLayout#consumeOrder}).
 * Thread-safe.
 */
public final class QueueCycle {
    private final QueueOrder strategy;
    private final List<String> order = new ArrayList<>();

    public QueueCycle(QueueOrder strategy) {
        this.strategy = strategy;
    }

    /** Adds a queue at the end (or in name order); nothing if it is there already. */
    public synchronized void add(String queue) {
        if (!order.contains(queue)) {
            order.add(queue);
            if (strategy == QueueOrder.SORTED) {
                order.sort(null);
            }
        }
    }

    /** Removes a queue; false if it was not there. */
    public synchronized boolean remove(String queue) {
        return order.remove(queue);
    }

    /** The queues in the order to try them now. */
    public synchronized List<String> order() {
        return List.copyOf(order);
    }

    /** A message came from {@code queue}: with round robin it goes to the end ({@code round_robin_cycle.rotate}). */
    public synchronized void served(String queue) {
        if (strategy == QueueOrder.ROUND_ROBIN && order.remove(queue)) {
            order.add(queue);
        }
    }

    /** Whether the pop script should rotate as it pops several messages at once. */
    public boolean rotates() {
        return strategy == QueueOrder.ROUND_ROBIN;
    }
}
