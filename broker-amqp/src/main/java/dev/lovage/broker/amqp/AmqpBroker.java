package dev.lovage.broker.amqp;

import dev.lovage.broker.amqp.internal.AmqpControlMailbox;
import dev.lovage.broker.amqp.internal.AmqpEventStream;
import dev.lovage.broker.amqp.internal.AmqpSession;
import dev.lovage.broker.amqp.internal.AmqpTaskConsumer;
import dev.lovage.broker.amqp.internal.AmqpTaskProducer;
import dev.lovage.broker.amqp.internal.AmqpUris;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.Sleeper;
import dev.lovage.worker.UrlMasker;
import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.ControlMailbox;
import dev.lovage.worker.broker.EventStream;
import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.broker.TaskProducer;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RabbitMQ through the official Java client: one connection whose channels carry the four conversations — task
 * consumption (one channel, every acknowledgement on its own thread), publishing with confirms, the pidbox, and
 * events. The client's automatic recovery reconnects and re-registers consumers; deliveries from before a loss are
 * no longer {@linkplain TaskConsumer#isLive live}.
 *
 * <pre>{@code
 * try (Broker broker = AmqpBroker.create(config)) {      // or BrokerFactory.forConfig(config)
 *     broker.connect();
 *     broker.producer().publish(message);
 * }
 * }</pre>
 *
 * <p>Thread-safe. It owns its connection and closes it.
 *
 * @since 0.2
 */
public final class AmqpBroker implements Broker {
    private final AmqpSession session;
    private final AmqpTaskConsumer consumer;
    private final AmqpTaskProducer producer;
    private final AmqpEventStream events;
    private final AmqpControlMailbox mailbox;

    private AmqpBroker(CeleryConfig config, Sleeper sleeper) {
        this.session = new AmqpSession(config, sleeper);
        this.consumer = new AmqpTaskConsumer(session);
        this.producer = new AmqpTaskProducer(session);
        this.events = new AmqpEventStream(session);
        this.mailbox = new AmqpControlMailbox(session, events);
    }

    /** A broker for {@code config.brokerUrl()} ({@code amqp://}, {@code amqps://}, {@code pyamqp://}); not connected. */
    public static AmqpBroker create(CeleryConfig config) {
        return new AmqpBroker(config, Sleeper.REAL);
    }

    /** As {@link #create(CeleryConfig)}, with the waits between connection attempts going through {@code sleeper}. */
    public static AmqpBroker create(CeleryConfig config, Sleeper sleeper) {
        return new AmqpBroker(config, sleeper);
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

    @Override
    public Map<String, @Nullable Object> connectionInfo() {
        return AmqpUris.info(session.config());
    }

    @Override
    public String describe() {
        return UrlMasker.mask(session.config().brokerUrl());
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
        events.close();
        session.close();
    }
}
