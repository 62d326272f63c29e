package dev.lovage.worker.broker;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Celery's monitoring events on the {@code celeryev} topic exchange: what Flower and {@code celery events} read.
 *
 * @since 0.2
 */
public interface EventStream {

    /** Publishes one event message with {@code routingKey} (e.g. {@code worker.heartbeat}), transient, unconfirmed. */
    void publish(String routingKey, Map<String, Object> headers, byte[] body);

    /** Receives the cluster's events matching {@code bindingKey} (e.g. {@code task.#}) on a queue of its own. */
    void subscribe(String bindingKey, Consumer<byte[]> sink);
}
