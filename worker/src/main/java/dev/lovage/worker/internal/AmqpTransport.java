package dev.lovage.worker.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.ShutdownSignalException;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.codec.PyJson;
import java.nio.charset.StandardCharsets;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ through the official Java client: one connection, one consuming channel whose acks all pass through a
 * {@link ChannelExecutor}. The client's automatic recovery reconnects, redeclares the queues and re-registers the
 * consumers; acknowledgements for deliveries from before a reconnect are dropped by the client, and the broker
 * redelivers those messages, so nothing is lost with acks_late.
 */
public final class AmqpTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(AmqpTransport.class);
    private static final long PUBLISH_CONFIRM_TIMEOUT_MS = 10_000;

    private final CeleryConfig config;
    private final Topology topology;
    private final ChannelExecutor channelThread = new ChannelExecutor("celery-channel-1");
    private final ChannelExecutor publishThread = new ChannelExecutor("celery-channel-2");
    private @Nullable Channel publishChannel;
    private final Map<String, String> consumerTags = new ConcurrentHashMap<>();
    private final ChannelExecutor eventThread = new ChannelExecutor("celery-channel-3");
    private @Nullable Channel eventChannel;
    private @Nullable Channel controlChannel;
    private volatile @Nullable DeliverySink sink;
    private final AmqpConnector connector;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final Set<String> declaredExchanges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private final AckCoalescer settlements = new AckCoalescer();
    private volatile int basePrefetch;
    private volatile boolean globalQos = true;
    // The client's dispatch threads, named as Celery operators expect to see them in logs.
    private final ExecutorService consumerThreads =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name("celery-consumer-", 0).daemon(true).factory());
    private @Nullable Connection connection;
    private @Nullable Channel channel;

    public AmqpTransport(CeleryConfig config, Sleeper sleeper) {
        this.config = config;
        this.topology = new Topology(config);
        this.connector = new AmqpConnector(config, sleeper, consumerThreads);
    }

    @Override
    public void start(List<String> queues, int prefetchCount, DeliverySink sink) {
        Connection conn = connector.connect();
        connection = conn;
        try {
            Channel ch = conn.createChannel();
            channel = ch;
            basePrefetch = prefetchCount;
            // Mirrors celery/worker/consumer/tasks.py: global QoS on RabbitMQ 3.x classic queues, per consumer
            // as soon as a quorum queue is involved (worker_detect_quorum_queues).
            globalQos = !topology.quorum();
            ch.basicQos(prefetchCount, globalQos);
            topology.declareDelayedDelivery(ch);
            this.sink = sink;
            for (String queue : queues) {
                consume(conn, ch, queue, sink);
            }
        } catch (IOException e) {
            close();
            throw new BrokerException("Could not set up consuming from " + queues + ": " + reason(e), e, false);
        }
    }

    private void consume(Connection conn, Channel ch, String queue, DeliverySink sink) throws IOException {
        declare(conn, ch, queue);
        declared.add(queue);
        String tag = ch.basicConsume(queue, false,
                (consumerTag, message) -> {
                    settlements.delivered(message.getEnvelope().getDeliveryTag());
                    sink.accept(toDelivery(queue, message));
                },
                consumerTag -> log.warn("Consumer for queue '{}' was cancelled by the broker", queue));
        consumerTags.put(queue, tag);
    }

    @Override
    public void addConsumer(String queue) {
        Connection conn = connection;
        Channel ch = channel;
        DeliverySink s = sink;
        if (conn == null || ch == null || s == null || consumerTags.containsKey(queue)) {
            return;
        }
        channelThread.submit("consume queue " + queue, () -> consume(conn, ch, queue, s));
    }

    @Override
    public boolean cancelConsumer(String queue) {
        Channel ch = channel;
        String tag = consumerTags.remove(queue);
        if (ch == null || tag == null) {
            return false;
        }
        channelThread.submit("cancel consumer " + tag, () -> ch.basicCancel(tag));
        return true;
    }

    @Override
    public boolean isConnected() {
        Connection conn = connection;
        return conn != null && conn.isOpen();
    }

    @Override
    public List<String> consumedQueues() {
        return List.copyOf(consumerTags.keySet());
    }

    @Override
    public void startControl(String nodeName, ControlSink controlSink) {
        Connection conn = connection;
        if (conn == null) {
            throw new BrokerException("cannot start remote control: not connected", null, true);
        }
        try {
            Channel ch = conn.createChannel();
            controlChannel = ch;
            String queue = nodeName + ".celery.pidbox";
            ch.exchangeDeclare("celery.pidbox", "fanout", false);
            Map<String, Object> args = new HashMap<>();
            args.put("x-expires", 10_000);
            args.put("x-message-ttl", 300_000);
            ch.queueDeclare(queue, false, true, true, args);
            ch.queueBind(queue, "celery.pidbox", "");
            ch.basicConsume(queue, true, (tag, message) -> controlSink.accept(message.getBody()), tag -> { });
        } catch (IOException e) {
            throw new BrokerException("cannot start remote control: " + reason(e), e, false);
        }
    }

    @Override
    public void consumeEvents(String bindingKey, ControlSink eventSink) {
        Connection conn = connection;
        if (conn == null) {
            return;
        }
        try {
            Channel ch = conn.createChannel();
            ch.exchangeDeclare("celeryev", "topic", true);
            Map<String, Object> args = new HashMap<>();
            args.put("x-message-ttl", 5_000);
            args.put("x-expires", 60_000);
            String queue = "celeryev." + UUID.randomUUID();
            ch.queueDeclare(queue, false, true, true, args);
            ch.queueBind(queue, "celeryev", bindingKey);
            ch.basicConsume(queue, true, (tag, m) -> eventSink.accept(m.getBody()), tag -> { });
        } catch (IOException e) {
            log.warn("Cannot receive monitoring events: {}", reason(e));
        }
    }

    @Override
    public List<byte[]> broadcast(Map<String, Object> request, Duration wait) {
        Connection conn = connection;
        if (conn == null) {
            return List.of();
        }
        List<byte[]> replies = new CopyOnWriteArrayList<>();
        String oid = UUID.randomUUID().toString();
        try {
            Channel ch = conn.createChannel();
            try {
                ch.exchangeDeclare("reply.celery.pidbox", "direct", false);
                ch.exchangeDeclare("celery.pidbox", "fanout", false);
                Map<String, Object> args = new HashMap<>();
                args.put("x-expires", 10_000);
                args.put("x-message-ttl", 300_000);
                String queue = oid + ".reply.celery.pidbox";
                ch.queueDeclare(queue, false, true, true, args);
                ch.queueBind(queue, "reply.celery.pidbox", oid);
                ch.basicConsume(queue, true, (tag, m) -> replies.add(m.getBody()), tag -> { });
                Map<String, Object> body = new LinkedHashMap<>(request);
                body.put("ticket", UUID.randomUUID().toString());
                body.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", oid));
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put("clock", 1);
                headers.put("expires", System.currentTimeMillis() / 1000.0 + wait.toMillis() / 1000.0);
                ch.basicPublish("celery.pidbox", "", new AMQP.BasicProperties.Builder()
                        .contentType("application/json").contentEncoding("utf-8").headers(headers).build(),
                        PyJson.write(body).getBytes(StandardCharsets.UTF_8));
                Thread.sleep(wait);
            } finally {
                if (ch.isOpen()) {
                    ch.close();
                }
            }
        } catch (IOException | TimeoutException e) {
            log.warn("Broadcast {} failed: {}", request.get("method"), reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(replies);
    }

    @Override
    public void publishTransient(String exchange, String exchangeType, boolean durableExchange, String routingKey,
            Map<String, Object> headers, byte[] body) {
        Connection conn = connection;
        if (conn == null) {
            return;
        }
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

    private void declare(Connection conn, Channel ch, String queue) throws IOException {
        if (exists(conn, queue)) {
            // A queue someone declared already (a Python worker, or an operator with a dead-letter exchange,
            // priorities or a quorum type) is used as it is: redeclaring it with other arguments would fail.
            log.debug("Queue '{}' exists; consuming it as declared", queue);
        } else {
            topology.declare(ch, queue);
        }
        topology.bindDelayedDelivery(ch, queue);
    }

    /** A passive declare on a throw-away channel: a missing queue closes that channel, not the consuming one. */
    private static boolean exists(Connection conn, String queue) throws IOException {
        Channel probe = conn.createChannel();
        try {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (probe.isOpen()) {
                try {
                    probe.close();
                } catch (TimeoutException | IOException | AlreadyClosedException e) {
                    log.debug("Closing the probe channel: {}", e.toString());
                }
            }
        }
    }

    private static Delivery toDelivery(String queue, com.rabbitmq.client.Delivery m) {
        AMQP.BasicProperties p = m.getProperties();
        // Keep arrival order: Celery's dict order is visible in extra headers. Text arrives as the client's
        // LongString; it becomes String here, once, so the decoder meets the type it expects first.
        Map<String, @Nullable Object> headers = p.getHeaders() == null ? Map.of() : text(p.getHeaders());
        MessageProperties props = new MessageProperties(p.getCorrelationId(), p.getContentType(),
                p.getContentEncoding(), p.getReplyTo(), p.getPriority(), p.getExpiration());
        return new Delivery(m.getEnvelope().getDeliveryTag(), queue, m.getEnvelope().getExchange(),
                m.getEnvelope().getRoutingKey(), m.getEnvelope().isRedeliver(), props, headers, m.getBody());
    }

    private static Map<String, @Nullable Object> text(Map<String, Object> raw) {
        Map<String, @Nullable Object> headers = new LinkedHashMap<>(raw.size() * 2);
        raw.forEach((k, v) -> headers.put(k, v instanceof LongString s ? s.toString() : v));
        return headers;
    }

    @Override
    public void ack(Delivery delivery) {
        if (settlements.ack(delivery.tag())) {
            scheduleSettle();
        }
    }

    @Override
    public void reject(Delivery delivery, boolean requeue) {
        if (settlements.reject(delivery.tag(), requeue)) {
            scheduleSettle();
        }
    }

    // One flush per burst: acks that arrive while it waits for the channel thread go out with it.
    private void scheduleSettle() {
        Channel ch = channel;
        if (ch != null) {
            channelThread.submit("acknowledge messages", () -> settlements.flush(new AckCoalescer.Frames() {
                @Override
                public void ack(long tag, boolean multiple) throws IOException {
                    ch.basicAck(tag, multiple);
                }

                @Override
                public void reject(long tag, boolean requeue) throws IOException {
                    ch.basicReject(tag, requeue);
                }
            }));
        }
    }

    @Override
    public void publish(OutgoingMessage message) {
        Connection conn = connection;
        if (conn == null) {
            throw new BrokerException("cannot publish: not connected", null, true);
        }
        try {
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
                        .headers(message.headers())
                        .build();
                ch.basicPublish(message.exchange(), message.routingKey(), props, message.body());
                ch.waitForConfirmsOrDie(PUBLISH_CONFIRM_TIMEOUT_MS);
            });
        } catch (Exception e) {
            throw new BrokerException("publishing to exchange '" + message.exchange() + "' with routing key '"
                    + message.routingKey() + "' failed: " + reason(e), e, true);
        }
    }

    @Override
    public void adjustPrefetch(int delta) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        int count = Math.max(0, basePrefetch + held.addAndGet(delta));
        // kombu sends anything above 65535 as 0, "unlimited"; Lovage stops raising there instead.
        int sent = basePrefetch == 0 ? 0 : Math.min(count, 65535);
        channelThread.submit("set prefetch to " + sent, () -> ch.basicQos(sent, globalQos));
    }

    @Override
    public void declareQueue(String queue) {
        if (declared.contains(queue)) {
            return;
        }
        Connection conn = connection;
        if (conn == null) {
            throw new BrokerException("cannot declare queue '" + queue + "': not connected", null, true);
        }
        try {
            publishThread.call(() -> {
                Channel ch = conn.createChannel();
                try {
                    declare(conn, ch, queue);
                } finally {
                    ch.close();
                }
            });
            declared.add(queue);
        } catch (Exception e) {
            throw new BrokerException("declaring queue '" + queue + "' failed: " + reason(e), e, true);
        }
    }

    @Override
    public void stopConsuming() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        List<String> tags = List.copyOf(consumerTags.values());
        consumerTags.clear();
        for (String tag : tags) {
            channelThread.submit("cancel consumer " + tag, () -> ch.basicCancel(tag));
        }
    }

    @Override
    public void close() {
        channelThread.close();
        publishThread.close();
        eventThread.close();
        Connection conn = connection;
        connection = null;
        channel = null;
        if (conn != null) {
            try {
                // Also ends an automatic recovery still under way.
                conn.close(5000);
            } catch (IOException | AlreadyClosedException e) {
                log.debug("Closing the broker connection: {}", e.toString());
                conn.abort(1000);
            }
        }
        consumerThreads.shutdown();
    }

    @Override
    public String describe() {
        return UrlMasker.mask(config.brokerUrl());
    }

    static String reason(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ShutdownSignalException s) {
                return s.getReason() instanceof AMQP.Channel.Close c ? c.getReplyText()
                        : s.getReason() instanceof AMQP.Connection.Close cc ? cc.getReplyText() : s.getMessage();
            }
            if (t.getCause() == null) {
                return t.toString();
            }
            t = t.getCause();
        }
        return e.toString();
    }

    /** Called after each reconnect (metrics). */
    public void onReconnect(Runnable hook) {
        connector.onReconnect(hook);
    }
}
