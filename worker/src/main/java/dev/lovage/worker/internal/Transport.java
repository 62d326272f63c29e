package dev.lovage.worker.internal;

import java.util.List;

/**
 * The broker seam: consume, acknowledge, reject. {@link AmqpTransport} talks to RabbitMQ; tests use a recording fake.
 * All methods are thread-safe.
 */
public interface Transport extends AutoCloseable {

    /** Receives deliveries on a broker thread; must not block. */
    @FunctionalInterface
    interface DeliverySink {
        void accept(Delivery delivery);
    }

    /** Connects (retrying as configured), declares the queues, sets the prefetch and starts consuming. */
    void start(List<String> queues, int prefetchCount, DeliverySink sink);

    void ack(Delivery delivery);

    void reject(Delivery delivery, boolean requeue);

    /**
     * Publishes and waits for the broker's confirm.
     *
     * @throws dev.lovage.worker.BrokerException when the broker did not confirm
     */
    void publish(OutgoingMessage message);

    /**
     * Raises or lowers the prefetch count by {@code delta}: a task held for its eta keeps its message unacknowledged,
     * so Celery raises the prefetch by one while it waits (celery/worker/strategy.py, increment_eventually).
     */
    void adjustPrefetch(int delta);

    /** Makes sure {@code queue} exists before publishing to it (declared as Celery declares a missing queue). */
    void declareQueue(String queue);

    /** Stops new deliveries (basic.cancel); unacked messages stay with this connection until close. */
    void stopConsuming();

    /** Closes channels and connection; the broker redelivers anything not acknowledged. */
    @Override
    void close();

    /** A description for logs, password masked. */
    String describe();
}
