package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.LongString;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.DeliverySink;
import dev.lovage.worker.broker.TaskConsumer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes task queues on one channel whose acknowledgements all pass through a {@link ChannelExecutor}. The client's
 * automatic recovery reconnects, redeclares the queues and re-registers the consumers; acknowledgements for
 * deliveries from before a reconnect are dropped by the client, and the broker redelivers those messages.
 */
public final class AmqpTaskConsumer implements TaskConsumer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmqpTaskConsumer.class);

    private final AmqpSession session;
    private final ChannelExecutor channelThread = new ChannelExecutor("celery-channel-1");
    private final Map<String, String> consumerTags = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AckCoalescer settlements = new AckCoalescer();
    private volatile @Nullable Channel channel;
    private volatile @Nullable DeliverySink sink;
    private volatile int basePrefetch;
    private volatile boolean globalQos = true;

    public AmqpTaskConsumer(AmqpSession session) {
        this.session = session;
    }

    @Override
    public void start(List<String> queues, int prefetchCount, DeliverySink sink) {
        Connection conn = session.connection();
        try {
            Channel ch = conn.createChannel();
            channel = ch;
            basePrefetch = prefetchCount;
            // Mirrors celery/worker/consumer/tasks.py: global QoS on RabbitMQ 3.x classic queues, per consumer
            // as soon as a quorum queue is involved (worker_detect_quorum_queues).
            globalQos = !session.topology().quorum();
            ch.basicQos(prefetchCount, globalQos);
            session.topology().declareDelayedDelivery(ch);
            this.sink = sink;
            for (String queue : queues) {
                consume(conn, ch, queue, sink);
            }
        } catch (IOException e) {
            throw new BrokerException("Could not set up consuming from " + queues + ": " + AmqpErrors.reason(e), e,
                    false);
        }
    }

    private void consume(Connection conn, Channel ch, String queue, DeliverySink sink) throws IOException {
        session.topology().declareIfMissing(conn, ch, queue);
        String tag = ch.basicConsume(queue, false,
                (consumerTag, message) -> {
                    settlements.delivered(message.getEnvelope().getDeliveryTag());
                    sink.accept(toDelivery(queue, message, session.epoch()));
                },
                consumerTag -> log.warn("Consumer for queue '{}' was cancelled by the broker", queue));
        consumerTags.put(queue, tag);
    }

    private static Delivery toDelivery(String queue, com.rabbitmq.client.Delivery m, int epoch) {
        AMQP.BasicProperties p = m.getProperties();
        // Keep arrival order: Celery's dict order is visible in extra headers. Text arrives as the client's
        // LongString; it becomes String here, once, so the decoder meets the type it expects first.
        Map<String, @Nullable Object> headers = p.getHeaders() == null ? Map.of() : text(p.getHeaders());
        MessageProperties props = new MessageProperties(p.getCorrelationId(), p.getContentType(),
                p.getContentEncoding(), p.getReplyTo(), p.getPriority(), p.getExpiration());
        return new Delivery(m.getEnvelope().getDeliveryTag(), epoch, queue, m.getEnvelope().getExchange(),
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
    public void addQueue(String queue) {
        Channel ch = channel;
        DeliverySink s = sink;
        if (ch == null || s == null || consumerTags.containsKey(queue)) {
            return;
        }
        channelThread.submit("consume queue " + queue, () -> consume(session.connection(), ch, queue, s));
    }

    @Override
    public boolean cancelQueue(String queue) {
        Channel ch = channel;
        String tag = consumerTags.remove(queue);
        if (ch == null || tag == null) {
            return false;
        }
        channelThread.submit("cancel consumer " + tag, () -> ch.basicCancel(tag));
        return true;
    }

    @Override
    public List<String> queues() {
        return List.copyOf(consumerTags.keySet());
    }

    @Override
    public boolean isLive(Delivery delivery) {
        return delivery.epoch() == session.epoch() && session.isOpen();
    }

    @Override
    public boolean isConsuming() {
        Channel ch = channel;
        return ch != null && ch.isOpen() && !consumerTags.isEmpty();
    }

    @Override
    public void stop() {
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

    /** Lets queued acknowledgements go out, then stops the channel thread; the connection closes the channel. */
    @Override
    public void close() {
        channelThread.close();
        channel = null;
    }
}
