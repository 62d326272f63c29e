package dev.lovage.broker.redis;

import dev.lovage.broker.redis.internal.RedisControlMailbox;
import dev.lovage.broker.redis.internal.RedisEventStream;
import dev.lovage.broker.redis.internal.RedisSession;
import dev.lovage.broker.redis.internal.RedisTaskConsumer;
import dev.lovage.broker.redis.internal.RedisTaskProducer;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.Sleeper;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.ControlMailbox;
import dev.lovage.worker.broker.EventStream;
import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.broker.TaskProducer;
import java.net.URI;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Redis as the broker, compatible to the byte with kombu's Redis transport (kombu 5.2 to 5.7), so Python producers,
 * Python workers and Lovage workers share one Redis: the same lists, priority steps, {@code unacked} records,
 * binding sets and broadcast channels, under the same {@code broker_transport_options}
 * ({@link RedisTransportOptions}).
 *
 * <p>Beyond kombu, with nothing changed on the wire: a message is popped and recorded in {@code unacked} in one
 * atomic step (no instant where a crash loses it); the lease of every message this worker holds (prefetched,
 * waiting for its ETA, running) is renewed, so no restorer, Python's included, runs it a second time however long
 * it waits or runs; abandoned messages are restored on a cadence derived from {@code visibility_timeout}; and a
 * warm shutdown puts every message still held back at the head of its queue before it closes.
 *
 * <pre>{@code
 * CeleryConfig config = CeleryConfig.builder().brokerUrl("redis://localhost:6379/0").build();
 * try (Broker broker = RedisBroker.create(config)) {      // or BrokerFactory.forConfig(config)
 *     broker.connect();
 *     broker.producer().publish(message);
 * }
 * }</pre>
 *
 * <p>Thread-safe. It owns its Redis client and closes it.
 *
 * @since 0.2
 */
public final class RedisBroker implements Broker {
    private final RedisSession session;
    private final RedisTaskConsumer consumer;
    private final RedisTaskProducer producer;
    private final RedisControlMailbox mailbox;
    private final RedisEventStream events;

    private RedisBroker(CeleryConfig config, Sleeper sleeper, InstantSource clock) {
        this.session = new RedisSession(config, sleeper, clock);
        this.consumer = new RedisTaskConsumer(session);
        this.producer = new RedisTaskProducer(session);
        this.mailbox = new RedisControlMailbox(session);
        this.events = new RedisEventStream(session);
    }

    /**
     * A broker for {@code config.brokerUrl()} ({@code redis://}, {@code rediss://}, {@code sentinel://}) with
     * {@code config.brokerTransportOptions()}; not connected.
     *
     * @throws dev.lovage.worker.ConfigException for invalid transport options
     */
    public static RedisBroker create(CeleryConfig config) {
        return new RedisBroker(config, Sleeper.REAL, InstantSource.system());
    }

    /**
     * As {@link #create(CeleryConfig)}, with the waits between connection attempts going through {@code sleeper}
     * and the lease times read from {@code clock}.
     */
    public static RedisBroker create(CeleryConfig config, Sleeper sleeper, InstantSource clock) {
        return new RedisBroker(config, sleeper, clock);
    }

    @Override
    public void connect() {
        session.connect();
    }

    @Override
    public TaskConsumer consumer() {
        return consumer;
    }

    @Override
    public TaskProducer producer() {
        return producer;
    }

    @Override
    public ControlMailbox mailbox() {
        return mailbox;
    }

    @Override
    public EventStream events() {
        return events;
    }

    @Override
    public boolean isConnected() {
        return session.isOpen();
    }

    @Override
    public void onReconnect(Runnable hook) {
        session.onReconnect(hook);
    }

    /** The options this broker runs with. */
    public RedisTransportOptions options() {
        return session.options();
    }

    // Mirrors kombu's Connection.info() for the redis transport, which celery inspect stats shows as "broker".
    @Override
    public Map<String, @Nullable Object> connectionInfo() {
        CeleryConfig config = session.config();
        String first = config.brokerUrl().split(";", 2)[0];
        URI u = URI.create(first.replaceFirst("^[^:]*://", "redis://"));
        String path = u.getPath() == null ? "" : u.getPath().replace("/", "");
        Map<String, @Nullable Object> b = new LinkedHashMap<>();
        b.put("hostname", u.getHost() == null ? "localhost" : u.getHost());
        String user = u.getUserInfo() == null ? "" : u.getUserInfo().split(":", 2)[0];
        b.put("userid", user.isEmpty() ? null : user);
        b.put("virtual_host", path.isEmpty() ? "0" : path);
        b.put("port", u.getPort() > 0 ? u.getPort() : first.startsWith("sentinel") ? 26379 : 6379);
        b.put("insist", false);
        b.put("ssl", first.startsWith("rediss"));
        b.put("transport", first.startsWith("sentinel") ? "sentinel" : "redis");
        b.put("connect_timeout", config.brokerConnectionTimeout().toSeconds());
        b.put("transport_options", new LinkedHashMap<>(session.options().raw()));
        b.put("login_method", null);
        b.put("uri_prefix", null);
        b.put("heartbeat", (double) config.brokerHeartbeat().toSeconds());
        b.put("failover_strategy", "round-robin");
        b.put("alternates", List.of());
        return b;
    }

    @Override
    public String describe() {
        return session.describe();
    }

    /**
     * Stops consuming, sends pending acknowledgements, puts every message still held back at the head of its
     * queue, stops remote control and events, closes the connections. Idempotent.
     */
    @Override
    public void close() {
        consumer.close();
        mailbox.close();
        events.close();
        session.close();
    }
}
