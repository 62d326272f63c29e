package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.lovage.worker.broker.EventStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitoring events on the {@code celeryev} topic exchange, published transient and unconfirmed on a channel thread
 * of their own (remote-control replies share it); received on auto-delete queues as Celery's event receivers do.
 */
public final class AmqpEventStream implements EventStream, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmqpEventStream.class);

    private final AmqpSession session;
    private final ChannelExecutor eventThread = new ChannelExecutor("celery-channel-3");
    private final Set<String> declaredExchanges = ConcurrentHashMap.newKeySet();
    private @Nullable Channel eventChannel;

    public AmqpEventStream(AmqpSession session) {
        this.session = session;
    }

    @Override
    public void publish(String routingKey, Map<String, Object> headers, byte[] body) {
        publishTransient("celeryev", "topic", true, routingKey, headers, body);
    }

    /** Publishes without waiting for a confirm, non-persistent: events and control replies. */
    void publishTransient(String exchange, String exchangeType, boolean durableExchange, String routingKey,
            Map<String, Object> headers, byte[] body) {
        if (!session.isOpen()) {
            return;
        }
        Connection conn = session.connection();
        eventThread.submit("publish to " + exchange, () -> {
            Channel ch = eventChannel;
            if (ch == null || !ch.isOpen()) {
                ch = conn.createChannel();
                eventChannel = ch;
            }
            if (declaredExchanges.add(exchange)) {
                ch.exchangeDeclare(exchange, exchangeType, durableExchange);
            }
            ch.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder()
                    .contentType("application/json").contentEncoding("utf-8").deliveryMode(1)
                    .headers(headers).build(), body);
        });
    }

    @Override
    public void subscribe(String bindingKey, Consumer<byte[]> sink) {
        try {
            Channel ch = session.connection().createChannel();
            ch.exchangeDeclare("celeryev", "topic", true);
            Map<String, Object> args = new HashMap<>();
            args.put("x-message-ttl", 5_000);
            args.put("x-expires", 60_000);
            String queue = "celeryev." + UUID.randomUUID();
            ch.queueDeclare(queue, false, true, true, args);
            ch.queueBind(queue, "celeryev", bindingKey);
            ch.basicConsume(queue, true, (tag, m) -> sink.accept(m.getBody()), tag -> { });
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot receive monitoring events: {}", AmqpErrors.reason(e));
        }
    }

    /** Sends what is queued, then stops the channel thread. */
    @Override
    public void close() {
        eventThread.close();
    }
}
