package dev.lovage.worker.broker;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything a worker or a client holds with one broker: one connection for RabbitMQ, one client for Redis. It opens
 * the four conversations, each of which a worker uses from its own threads.
 *
 * <p>Lifecycle: {@link #connect()} once, then use the conversations, then {@link #close()}. Whatever was delivered
 * and neither acknowledged nor rejected goes back to its queue when the broker is closed (RabbitMQ: the channel
 * closes; Redis: the message is restored from {@code unacked}). Thread-safe. Whoever creates a broker closes it.
 *
 * @since 0.2
 */
public interface Broker extends AutoCloseable {

    /**
     * Connects, retrying as {@code broker_connection_retry_on_startup} and {@code broker_connection_max_retries} say,
     * with Celery's log lines. Later reconnects are the broker's own business.
     *
     * @throws dev.lovage.worker.BrokerException if the broker cannot be reached
     */
    void connect();

    /** Consuming task messages; only a worker uses it. */
    TaskConsumer consumer();

    /** Publishing task messages: retries, canvas steps, the Java client. */
    TaskProducer producer();

    /** Remote control (Celery's pidbox): {@code celery inspect}, {@code celery control}, mingle, revokes. */
    ControlMailbox mailbox();

    /** Monitoring events ({@code celeryev}). */
    EventStream events();

    /** True while connected. */
    boolean isConnected();

    /** Runs {@code hook} after each automatic reconnect (the {@code celery.broker.reconnects} meter). */
    void onReconnect(Runnable hook);

    /** The connection as {@code celery inspect stats} shows it under {@code broker} (kombu's Connection.info()). */
    Map<String, @Nullable Object> connectionInfo();

    /** The broker URL for logs, password masked. */
    String describe();

    /** Closes every conversation and the connection; unsettled deliveries go back to their queues. Idempotent. */
    @Override
    void close();
}
