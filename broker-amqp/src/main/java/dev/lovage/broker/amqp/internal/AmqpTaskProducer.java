package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.broker.TaskProducer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Publishes task messages persistently on a channel of its own with publisher confirms, one at a time on its channel
 * thread (rusty-celery, too, keeps the consuming and producing channels apart).
 */
public final class AmqpTaskProducer implements TaskProducer, AutoCloseable {
    private static final long PUBLISH_CONFIRM_TIMEOUT_MS = 10_000;

    private final AmqpSession session;
    private final ChannelExecutor publishThread = new ChannelExecutor("celery-channel-2");
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private @Nullable Channel publishChannel;

    public AmqpTaskProducer(AmqpSession session) {
        this.session = session;
    }

    @Override
    public void publish(OutgoingMessage message) {
        try {
            Connection conn = session.connection();
            publishThread.call(() -> {
                Channel ch = publishChannel;
                if (ch == null || !ch.isOpen()) {
                    ch = conn.createChannel();
                    ch.confirmSelect();
                    publishChannel = ch;
                }
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .contentType(message.properties().contentType())
                        .contentEncoding(message.properties().contentEncoding())
                        .correlationId(message.properties().correlationId())
                        .replyTo(message.properties().replyTo())
                        .priority(message.properties().priority())
                        .expiration(message.properties().expiration())
                        .deliveryMode(2)
                        .build();
                // Celery's header order survives only through OrderedHeaderProperties (see there).
                ch.basicPublish(message.exchange(), message.routingKey(),
                        new OrderedHeaderProperties(props, message.headers()), message.body());
                ch.waitForConfirmsOrDie(PUBLISH_CONFIRM_TIMEOUT_MS);
            });
        } catch (Exception e) {
            throw new BrokerException("publishing to exchange '" + message.exchange() + "' with routing key '"
                    + message.routingKey() + "' failed: " + AmqpErrors.reason(e), e, true);
        }
    }

    @Override
    public void declareQueue(String queue) {
        if (declared.contains(queue)) {
            return;
        }
        try {
            Connection conn = session.connection();
            publishThread.call(() -> {
                Channel ch = conn.createChannel();
                try {
                    session.topology().declareIfMissing(conn, ch, queue);
                } finally {
                    ch.close();
                }
            });
            declared.add(queue);
        } catch (Exception e) {
            throw new BrokerException("declaring queue '" + queue + "' failed: " + AmqpErrors.reason(e), e, true);
        }
    }

    /** Lets a publish under way finish, then stops the channel thread. */
    @Override
    public void close() {
        publishThread.close();
    }
}
