package dev.lovage.worker.broker;

/**
 * Publishing task messages: retries, chain steps, callbacks, chord bodies, and the Java client's calls. Thread-safe.
 *
 * @since 0.2
 */
public interface TaskProducer {

    /**
     * Publishes durably and waits until the broker has it (RabbitMQ: the publisher confirm).
     *
     * @throws dev.lovage.worker.BrokerException when the broker did not take it
     */
    void publish(OutgoingMessage message);

    /** Makes sure {@code queue} exists before publishing to it, declared as Celery declares a missing queue. */
    void declareQueue(String queue);
}
