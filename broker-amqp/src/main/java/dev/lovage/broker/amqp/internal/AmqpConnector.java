package dev.lovage.broker.amqp.internal;

import dev.lovage.worker.Sleeper;
import dev.lovage.worker.UrlMasker;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the broker connection as Celery does: retrying at start while {@code broker_connection_retry_on_startup}
 * (up to {@code broker_connection_max_retries}, Celery's log lines), then leaving reconnects to the client's
 * automatic recovery, which redeclares queues and consumers.
 */
public final class AmqpConnector {
    /**
     * The largest body the client accepts: RabbitMQ's own ceiling for max_message_size (512 MiB). The client's
     * default (64 MiB) is below what the broker accepts, and a larger body used to close the connection, over and
     * over, before Lovage saw the message; now Lovage's own size check (worker_max_body_size) rejects it.
     */
    static final int MAX_INBOUND_BODY = 512 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(AmqpConnector.class);

    private final CeleryConfig config;
    private final Sleeper sleeper;
    private final ExecutorService consumerThreads;
    private final Runnable lostHook;
    private final Runnable reconnectHook;

    /**
     * @param lostHook called when the connection is lost (not closed by us), before any recovery
     * @param reconnectHook called after each automatic recovery
     */
    public AmqpConnector(CeleryConfig config, Sleeper sleeper, ExecutorService consumerThreads, Runnable lostHook,
            Runnable reconnectHook) {
        this.config = config;
        this.sleeper = sleeper;
        this.consumerThreads = consumerThreads;
        this.lostHook = lostHook;
        this.reconnectHook = reconnectHook;
    }

    public Connection connect() {
        ConnectionFactory factory = factory();
        String where = UrlMasker.mask(config.brokerUrl());
        Integer max = config.brokerConnectionMaxRetries();
        for (int attempt = 1; ; attempt++) {
            try {
                Connection conn = factory.newConnection(consumerThreads, "lovage");
                ((Recoverable) conn).addRecoveryListener(new LoggingRecovery(where));
                conn.addShutdownListener(cause -> {
                    if (!cause.isInitiatedByApplication()) {
                        lostHook.run();
                        log.warn("Connection to broker lost. Trying to re-establish the connection...");
                    }
                });
                log.info("Connected to {}", where);
                return conn;
            } catch (IOException | TimeoutException e) {
                boolean retry = config.brokerConnectionRetryOnStartup() && (max == null || max == 0 || attempt < max);
                if (!retry) {
                    throw new BrokerException("Cannot connect to " + where + ": " + AmqpErrors.reason(e), e, true);
                }
                Duration wait = Duration.ofSeconds(Math.min(2L * attempt, 10));
                // Celery's own wording, so operators can grep both worlds.
                log.error("consumer: Cannot connect to {}: {}.\nTrying again in {} seconds... ({}/{})", where,
                        AmqpErrors.reason(e), wait.toSeconds(), attempt, max == null || max == 0 ? "Inf" : max);
                sleeper.sleep(wait);
            }
        }
    }

    private ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        AmqpUris.apply(f, config.brokerUrl());
        f.setAutomaticRecoveryEnabled(true);
        f.setTopologyRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(2000);
        f.setRequestedHeartbeat((int) config.brokerHeartbeat().toSeconds());
        f.setConnectionTimeout((int) config.brokerConnectionTimeout().toMillis());
        f.setMaxInboundMessageBodySize(MAX_INBOUND_BODY);
        return f;
    }

    /** Logs reconnects in Celery's words. */
    private final class LoggingRecovery implements RecoveryListener {
        private final String where;

        LoggingRecovery(String where) {
            this.where = where;
        }

        @Override
        public void handleRecovery(Recoverable recoverable) {
            log.info("Connected to {}", where);
            reconnectHook.run();
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
            log.warn("Connection to broker lost. Trying to re-establish the connection...");
        }
    }
}
