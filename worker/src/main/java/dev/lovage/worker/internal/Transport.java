package dev.lovage.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    /** Receives remote-control messages; called on a broker thread. */
    @FunctionalInterface
    interface ControlSink {
        void accept(byte[] body);
    }

    /**
     * Consumes this node's pidbox queue {@code <node>.celery.pidbox}, bound to the {@code celery.pidbox} fanout
     * exchange, declared as Celery 5.7 declares it (not durable, auto-delete, exclusive, 10 s expiry, 300 s TTL).
     */
    void startControl(String nodeName, ControlSink sink);

    /**
     * Broadcasts a remote-control request on {@code celery.pidbox} and collects the replies that arrive within
     * {@code wait} on a reply queue of its own (what {@code app.control.broadcast(reply=True)} does).
     */
    List<byte[]> broadcast(Map<String, Object> request, Duration wait);

    /**
     * Receives the cluster's monitoring events matching {@code bindingKey} (for example {@code task.#}) on an
     * auto-delete queue of its own bound to {@code celeryev}, as Celery's event receivers do.
     */
    void consumeEvents(String bindingKey, ControlSink sink);

    /** Publishes without waiting for a confirm, transient: control replies and events. */
    void publishTransient(String exchange, String exchangeType, boolean durableExchange, String routingKey,
            Map<String, Object> headers, byte[] body);

    /** Starts consuming one more queue (declaring it as Celery declares a missing queue). */
    void addConsumer(String queue);

    /** Stops consuming a queue; false if it was not consumed. */
    boolean cancelConsumer(String queue);

    /** The queues consumed now. */
    List<String> consumedQueues();

    /** True while connected to the broker. */
    boolean isConnected();

    /** Stops new deliveries (basic.cancel); unacked messages stay with this connection until close. */
    void stopConsuming();

    /** Closes channels and connection; the broker redelivers anything not acknowledged. */
    @Override
    void close();

    /** A description for logs, password masked. */
    String describe();
}
