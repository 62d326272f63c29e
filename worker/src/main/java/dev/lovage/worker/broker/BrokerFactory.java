package dev.lovage.worker.broker;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ConfigException;
import dev.lovage.worker.UrlMasker;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes a {@link Broker} for a {@code broker_url}. Implementations register themselves in
 * {@code META-INF/services/dev.lovage.worker.broker.BrokerFactory}, so putting {@code lovage-broker-amqp} or
 * {@code lovage-broker-redis} on the classpath is all it takes for a worker to speak to that broker, chosen by the
 * URL's scheme as Celery chooses its transport.
 *
 * @since 0.2
 */
public interface BrokerFactory {

    /** True if this factory makes brokers for {@code brokerUrl} (decided by its scheme). */
    boolean supports(String brokerUrl);

    /** A new, unconnected broker for {@code config.brokerUrl()}. */
    Broker create(CeleryConfig config);

    /**
     * A new, unconnected broker for {@code config}, from the first factory on the classpath that supports its URL.
     *
     * @throws ConfigException if none does, naming the URL (password masked) and the factories found
     */
    static Broker forConfig(CeleryConfig config) {
        String url = config.brokerUrl();
        List<String> found = new ArrayList<>();
        for (BrokerFactory factory : ServiceLoader.load(BrokerFactory.class, BrokerFactory.class.getClassLoader())) {
            if (factory.supports(url)) {
                return factory.create(config);
            }
            found.add(factory.getClass().getName());
        }
        throw new ConfigException(List.of("broker_url=" + UrlMasker.mask(url) + ": no broker transport for this "
                + "scheme on the classpath (add lovage-broker-amqp for amqp://, lovage-broker-redis for redis://); "
                + "found: " + (found.isEmpty() ? "none" : String.join(", ", found))));
    }
}
