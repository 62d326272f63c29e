package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.ControlMailbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kombu's pidbox on RabbitMQ: the node's queue on the {@code celery.pidbox} fanout, replies through the
 * {@code reply.celery.pidbox} direct exchange, declared as Celery 5.7 declares them (not durable, auto-delete,
 * exclusive, 10 s expiry, 300 s TTL). Replies leave through the event stream's channel thread.
 */
public final class AmqpControlMailbox implements ControlMailbox {
    private static final Logger log = LoggerFactory.getLogger(AmqpControlMailbox.class);

    private final AmqpSession session;
    private final AmqpEventStream transientPublisher;

    public AmqpControlMailbox(AmqpSession session, AmqpEventStream transientPublisher) {
        this.session = session;
        this.transientPublisher = transientPublisher;
    }

    @Override
    public void listen(String nodeName, Consumer<byte[]> sink) {
        try {
            Channel ch = session.connection().createChannel();
            String queue = nodeName + ".celery.pidbox";
            ch.exchangeDeclare("celery.pidbox", "fanout", false);
            ch.queueDeclare(queue, false, true, true, mailboxArguments());
            ch.queueBind(queue, "celery.pidbox", "");
            ch.basicConsume(queue, true, (tag, message) -> sink.accept(message.getBody()), tag -> { });
        } catch (IOException e) {
            throw new BrokerException("cannot start remote control: " + AmqpErrors.reason(e), e, false);
        }
    }

    private static Map<String, Object> mailboxArguments() {
        Map<String, Object> args = new HashMap<>();
        args.put("x-expires", 10_000);
        args.put("x-message-ttl", 300_000);
        return args;
    }

    @Override
    public void reply(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {
        transientPublisher.publishTransient(exchange, "direct", false, routingKey, headers, body);
    }

    @Override
    public List<byte[]> broadcast(Map<String, Object> request, Duration wait) {
        if (!session.isOpen()) {
            return List.of();
        }
        List<byte[]> replies = new CopyOnWriteArrayList<>();
        String oid = UUID.randomUUID().toString();
        try {
            Channel ch = session.connection().createChannel();
            try {
                Map<String, Object> body = new LinkedHashMap<>(request);
                body.put("ticket", UUID.randomUUID().toString());
                if (wait.isPositive()) {
                    ch.exchangeDeclare("reply.celery.pidbox", "direct", false);
                    String queue = oid + ".reply.celery.pidbox";
                    ch.queueDeclare(queue, false, true, true, mailboxArguments());
                    ch.queueBind(queue, "reply.celery.pidbox", oid);
                    ch.basicConsume(queue, true, (tag, m) -> replies.add(m.getBody()), tag -> { });
                    body.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", oid));
                }
                ch.exchangeDeclare("celery.pidbox", "fanout", false);
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put("clock", 1);
                headers.put("expires", System.currentTimeMillis() / 1000.0 + Math.max(1, wait.toMillis()) / 1000.0);
                ch.basicPublish("celery.pidbox", "", new AMQP.BasicProperties.Builder()
                        .contentType("application/json").contentEncoding("utf-8").headers(headers).build(),
                        PyJson.write(body).getBytes(StandardCharsets.UTF_8));
                if (wait.isPositive()) {
                    Thread.sleep(wait);
                }
            } finally {
                if (ch.isOpen()) {
                    ch.close();
                }
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("Broadcast {} failed: {}", request.get("method"), AmqpErrors.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(replies);
    }
}
