package dev.lovage.broker.redis.internal;

import dev.lovage.backend.redis.RedisErrors;
import dev.lovage.broker.redis.RedisTransportOptions;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.Sleeper;
import dev.lovage.worker.UrlMasker;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the four conversations of one Redis broker share: the connection ({@link RedisLink}), opened as Celery opens
 * a broker connection (retrying at start while {@code broker_connection_retry_on_startup}, up to
 * {@code broker_connection_max_retries}, with Celery's log lines), the housekeeping thread, broadcasts and the
 * producer. Thread-safe.
 */
public final class RedisSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSession.class);

    private final CeleryConfig config;
    private final RedisTransportOptions options;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final List<Runnable> reconnectHooks = new CopyOnWriteArrayList<>();
    private volatile @Nullable Parts parts;

    private record Parts(RedisLink link, Housekeeper housekeeper, Fanout fanout, KombuProducer producer) {
    }

    /** @throws dev.lovage.worker.ConfigException for invalid {@code broker_transport_options} */
    public RedisSession(CeleryConfig config, Sleeper sleeper, InstantSource clock) {
        this.config = config;
        this.options = RedisTransportOptions.from(config.brokerTransportOptions());
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Connects once; further calls do nothing. */
    public synchronized void connect() {
        if (parts != null) {
            return;
        }
        String where = describe();
        Integer max = config.brokerConnectionMaxRetries();
        for (int attempt = 1; ; attempt++) {
            try {
                RedisLink link = RedisLink.connect(config.brokerUrl(), options, config.brokerConnectionTimeout(),
                        clock);
                link.sync().ping();
                link.onReconnected(() -> reconnectHooks.forEach(Runnable::run));
                parts = new Parts(link, new Housekeeper(), new Fanout(link), new KombuProducer(link));
                log.info("Connected to {}", where);
                return;
            } catch (IllegalArgumentException e) {
                throw new BrokerException(e.getMessage(), e, false);
            } catch (RedisException e) {
                boolean retry = RedisErrors.isConnectionError(e) && config.brokerConnectionRetryOnStartup()
                        && (max == null || max == 0 || attempt < max);
                if (!retry) {
                    throw new BrokerException("Cannot connect to " + where + ": " + e.getMessage(), e,
                            RedisErrors.isConnectionError(e));
                }
                Duration wait = Duration.ofSeconds(Math.min(2L * attempt, 10));
                // Celery's own wording, so operators can grep both worlds.
                log.error("consumer: Cannot connect to {}: {}.\nTrying again in {} seconds... ({}/{})", where,
                        e.getMessage(), wait.toSeconds(), attempt, max == null || max == 0 ? "Inf" : max);
                sleeper.sleep(wait);
            }
        }
    }

    private Parts parts() {
        Parts p = parts;
        if (p == null) {
            throw new BrokerException("not connected to " + describe() + ": call connect() first", null, true);
        }
        return p;
    }

    public RedisLink link() {
        return parts().link();
    }

    public Housekeeper housekeeper() {
        return parts().housekeeper();
    }

    public Fanout fanout() {
        return parts().fanout();
    }

    public KombuProducer producer() {
        return parts().producer();
    }

    public RedisTransportOptions options() {
        return options;
    }

    public CeleryConfig config() {
        return config;
    }

    public boolean isOpen() {
        Parts p = parts;
        return p != null && p.link().isConnected();
    }

    /** Runs {@code hook} after each reconnect (on a Lettuce thread: briefly). */
    public void onReconnect(Runnable hook) {
        reconnectHooks.add(hook);
    }

    public String describe() {
        return UrlMasker.mask(config.brokerUrl());
    }

    @Override
    public synchronized void close() {
        Parts p = parts;
        parts = null;
        if (p != null) {
            p.housekeeper().close();
            p.link().close();
        }
    }
}
