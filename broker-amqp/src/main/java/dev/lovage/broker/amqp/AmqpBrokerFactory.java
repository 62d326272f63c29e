package dev.lovage.broker.amqp;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.BrokerFactory;
import java.util.Locale;

/**
 * Makes {@link AmqpBroker}s for {@code amqp://}, {@code amqps://} and {@code pyamqp://} URLs (kombu's names for
 * RabbitMQ). Registered for {@link java.util.ServiceLoader}.
 *
 * @since 0.2
 */
public final class AmqpBrokerFactory implements BrokerFactory {

    @Override
    public boolean supports(String brokerUrl) {
        String url = brokerUrl.toLowerCase(Locale.ROOT);
        return url.startsWith("amqp://") || url.startsWith("amqps://") || url.startsWith("pyamqp://");
    }

    @Override
    public Broker create(CeleryConfig config) {
        return AmqpBroker.create(config);
    }
}
