package dev.lovage.backend.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client and the resources it runs on, both owned: commands fail within {@code timeout} and at once while
 * disconnected (so retrying is what waits for Redis), and reconnect attempts come at most
 * {@link #RECONNECT_DELAY_MAX} apart. Lettuce's default back-off grows to 30 s, longer than Celery's store retries
 * (20, a second apart) last: results were lost after a 17 s outage; now the client is back within about a second of
 * Redis. Thread-safe.
 */
public record LettuceClient(RedisClient client, ClientResources resources) {
    /** The longest wait between two reconnect attempts while Redis is away. */
    public static final Duration RECONNECT_DELAY_MAX = Duration.ofMillis(500);

    /** A client for {@code uri}; {@link #shutdown()} releases it. */
    public static LettuceClient create(RedisURI uri, Duration timeout) {
        ClientResources resources = DefaultClientResources.builder().reconnectDelay(Delay.exponential(
                Duration.ofMillis(50), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        return new LettuceClient(client, resources);
    }

    /** Closes the client's connections, then its resources. */
    public void shutdown() {
        client.shutdown();
        resources.shutdown();
    }
}
