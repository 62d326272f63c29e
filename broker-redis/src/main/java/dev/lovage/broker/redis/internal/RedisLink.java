package dev.lovage.broker.redis.internal;

import dev.lovage.backend.redis.RedisUrls;
import dev.lovage.broker.redis.RedisTransportOptions;
import dev.lovage.worker.UrlMasker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * One Redis broker: a Lettuce client, one multiplexed connection for every command (scripts only, never MULTI or
 * a blocking command, so sharing it is safe) and, on first use, one Pub/Sub connection for broadcasts. Lettuce
 * reconnects both on its own and re-subscribes the Pub/Sub one; while disconnected, commands fail at once so that
 * callers decide how to wait. Thread-safe; {@link #close()} closes what it opened.
 */
public final class RedisLink implements AutoCloseable {
    /** How long a command may take before it counts as a connection error, unless socket_timeout says. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisTransportOptions options;
    private final KeyLayout keys;
    private final Bindings bindings;
    private final String description;
    private final InstantSource clock;
    private final List<Runnable> reconnectHooks = new CopyOnWriteArrayList<>();
    private final Disposable events;
    private final AtomicBoolean lost = new AtomicBoolean();
    private @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

    private RedisLink(RedisClient client, StatefulRedisConnection<String, String> connection,
            RedisTransportOptions options, int db, String description, InstantSource clock) {
        this.client = client;
        this.connection = connection;
        this.options = options;
        this.keys = new KeyLayout(options, db);
        this.bindings = new Bindings(keys);
        this.description = description;
        this.clock = clock;
        // A drop deactivates the connections; the first one back afterwards counts as one reconnect.
        this.events = client.getResources().eventBus().get().subscribe(e -> {
            if (e instanceof ConnectionDeactivatedEvent) {
                lost.set(true);
            } else if (e instanceof ConnectionActivatedEvent && lost.compareAndSet(true, false)) {
                reconnectHooks.forEach(Runnable::run);
            }
        });
    }

    /**
     * Connects once to {@code brokerUrl} ({@code redis://}, {@code rediss://}, {@code sentinel://} and the socket
     * spellings, as {@link RedisUrls} reads them).
     *
     * @throws IllegalArgumentException for a URL Lovage does not understand
     * @throws io.lettuce.core.RedisException when Redis cannot be reached now
     */
    public static RedisLink connect(String brokerUrl, RedisTransportOptions options, Duration connectTimeout,
            InstantSource clock) {
        Duration commandTimeout = options.socketTimeout() != null ? options.socketTimeout() : DEFAULT_COMMAND_TIMEOUT;
        RedisURI uri = RedisUrls.parse("broker_url", brokerUrl, options.raw(), commandTimeout);
        if (options.clientName() != null) {
            uri.setClientName(options.clientName());
        }
        // Reconnect attempts 0.1 s apart at first, never more than 2 s apart: a restarted Redis is used again within
        // about 2 s (Lettuce's default backs off to 30 s).
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        Duration connect = options.socketConnectTimeout() != null ? options.socketConnectTimeout() : connectTimeout;
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connect).keepAlive(true).build())
                .build());
        try {
            return new RedisLink(client, client.connect(), options, uri.getDatabase(), UrlMasker.mask(brokerUrl),
                    clock);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** The Pub/Sub connection, opened on first use. */
    public synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
        if (pubSub == null) {
            pubSub = client.connectPubSub();
        }
        return pubSub;
    }

    public KeyLayout keys() {
        return keys;
    }

    public Bindings bindings() {
        return bindings;
    }

    public RedisTransportOptions options() {
        return options;
    }

    public InstantSource clock() {
        return clock;
    }

    /** Now as kombu writes {@code unacked_index} scores: Unix time in seconds with a fraction. */
    public String score() {
        Instant now = clock.instant();
        return now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
    }

    /** The broker URL with its password masked. */
    public String describe() {
        return description;
    }

    /** Runs {@code hook} (on a Lettuce thread, so briefly) each time Redis is back after a lost connection. */
    public void onReconnected(Runnable hook) {
        reconnectHooks.add(hook);
    }

    /** True when Redis answers a PING now; never throws. */
    public boolean isConnected() {
        try {
            return connection.isOpen() && "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The server's {@code run_id}, which changes at every restart. */
    public String runId() {
        for (String line : sync().info("server").split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).trim();
            }
        }
        return "";
    }

    @Override
    public synchronized void close() {
        events.dispose();
        if (pubSub != null) {
            pubSub.close();
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
    }
}
