package dev.lovage.worker.broker;

import java.util.List;

/**
 * Consuming task messages: queues declared as Celery declares them, a prefetch window, and one acknowledgement or
 * rejection per delivery. Deliveries reach the {@link DeliverySink} on a broker thread; every other method may be
 * called from any thread.
 *
 * @since 0.2
 */
public interface TaskConsumer {

    /** Declares {@code queues} as Celery declares a missing queue, sets the prefetch (QoS), starts consuming. */
    void start(List<String> queues, int prefetchCount, DeliverySink sink);

    /** Acknowledges a delivery: the broker forgets the message. */
    void ack(Delivery delivery);

    /** Rejects a delivery; with {@code requeue} it goes back to its queue, without it the broker drops or dead-letters it. */
    void reject(Delivery delivery, boolean requeue);

    /**
     * Raises (or lowers) the prefetch window by {@code delta}: a task held for its eta keeps its message
     * unacknowledged, so Celery raises the prefetch by one while it waits (celery/worker/strategy.py).
     */
    void adjustPrefetch(int delta);

    /** Starts consuming one more queue, declaring it when missing (control {@code add_consumer}). */
    void addQueue(String queue);

    /** Stops consuming a queue; false if it was not consumed (control {@code cancel_consumer}). */
    boolean cancelQueue(String queue);

    /** The queues consumed now. */
    List<String> queues();

    /**
     * False once the connection or channel that delivered it is gone: the broker will deliver the message again, so
     * it must not run here, and acknowledging it is impossible.
     */
    boolean isLive(Delivery delivery);

    /** True while consuming (started, connected, not stopped). */
    boolean isConsuming();

    /** Stops new deliveries; what was delivered stays unsettled until acknowledged, rejected or the broker closes. */
    void stop();
}
