package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Connection;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.Sleeper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection the four conversations share, and its epoch: the number of times it, or the consuming channel,
 * was lost. A delivery made before a loss belongs to a channel that is gone, so the broker redelivers it and
 * acknowledging it is impossible.
 */
public final class AmqpSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmqpSession.class);

    private final CeleryConfig config;
    private final Topology topology;
    // The client's dispatch threads, named as Celery operators expect to see them in logs.
    private final ExecutorService dispatch =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name("celery-consumer-", 0).daemon(true).factory());
    private final AmqpConnector connector;
    private final AtomicInteger epoch = new AtomicInteger();
    private final List<Runnable> reconnectHooks = new CopyOnWriteArrayList<>();
    private volatile @Nullable Connection connection;

    public AmqpSession(CeleryConfig config, Sleeper sleeper) {
        this.config = config;
        this.topology = new Topology(config);
        this.connector = new AmqpConnector(config, sleeper, dispatch, epoch::incrementAndGet,
                () -> reconnectHooks.forEach(Runnable::run));
    }

    public void connect() {
        if (connection == null) {
            connection = connector.connect();
        }
    }

    /** The open connection. */
    public Connection connection() {
        Connection conn = connection;
        if (conn == null) {
            throw new BrokerException("not connected to the broker", null, true);
        }
        return conn;
    }

    public boolean isOpen() {
        Connection conn = connection;
        return conn != null && conn.isOpen();
    }

    public int epoch() {
        return epoch.get();
    }

    /** The consuming channel was lost while the connection lived: a new epoch starts. */
    int newEpoch() {
        return epoch.incrementAndGet();
    }

    public CeleryConfig config() {
        return config;
    }

    public Topology topology() {
        return topology;
    }

    public void onReconnect(Runnable hook) {
        reconnectHooks.add(hook);
    }

    @Override
    public void close() {
        Connection conn = connection;
        connection = null;
        if (conn != null) {
            try {
                // Also ends an automatic recovery still under way.
                conn.close(5000);
            } catch (IOException | AlreadyClosedException e) {
                log.debug("Closing the broker connection: {}", e.toString());
                conn.abort(1000);
            }
        }
        dispatch.shutdown();
    }
}
