package dev.lovage.broker.redis;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.BrokerFactory;
import java.util.Locale;

/**
 * Makes {@link RedisBroker}s for {@code redis://}, {@code rediss://}, {@code sentinel://} and
 * {@code redis+socket://} URLs (kombu's names for its Redis transport). Registered for
 * {@link java.util.ServiceLoader}.
 *
 * @since 0.2
 */
public final class RedisBrokerFactory implements BrokerFactory {

    @Override
    public boolean supports(String brokerUrl) {
        String url = brokerUrl.toLowerCase(Locale.ROOT);
        return url.startsWith("redis://") || url.startsWith("rediss://") || url.startsWith("sentinel://")
                || url.startsWith("redis+socket://");
    }

    @Override
    public Broker create(CeleryConfig config) {
        return RedisBroker.create(config);
    }
}
