package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.CancelCallback;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.ShutdownSignalException;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.DeliverySink;
import dev.lovage.worker.broker.TaskConsumer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes task queues on one channel whose acknowledgements all pass through a {@link ChannelExecutor}. The client's
 * automatic recovery reconnects, redeclares the queues and re-registers the consumers; a consumer the broker cancels
 * (its queue deleted, its leader moved) or a channel the broker closes (a channel error) is re-created here, as
 * Celery restarts its consumer. Nothing a message holds escapes the delivery callback: an exception there would make
 * the client close the channel for good. A delivery is {@linkplain #isLive live} only while the channel incarnation
 * that delivered it is; the others are never acknowledged, and the broker redelivers them.
 */
public final class AmqpTaskConsumer implements TaskConsumer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmqpTaskConsumer.class);

    private final AmqpSession session;
    private final ChannelExecutor channelThread = new ChannelExecutor("celery-channel-1");
    private final ConsumerRepair repair;
    private final Map<String, String> consumerTags = new ConcurrentHashMap<>();
    // The queues this worker means to consume (start, add_consumer, less cancel_consumer), whatever the broker did.
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    // Bumped when the consuming channel is re-created; a callback of an older channel stamps its deliveries dead.
    private final AtomicInteger generation = new AtomicInteger();
    private volatile AckCoalescer settlements = new AckCoalescer();
    private volatile @Nullable Channel channel;
    private volatile @Nullable DeliverySink sink;
    private volatile int basePrefetch;
    private volatile boolean globalQos = true;
    private volatile boolean closed;
    // After the connection died on a frame the client could not read (header tables nested deeper than 32), the
    // recovered channel takes one message at a time until one arrives readable, so a message that kills the
    // connection each time does not drag the prefetched ones through the same redeliveries (and, with a quorum
    // queue's x-delivery-limit, to the dead-letter queue with it).
    private volatile boolean cautious;

    public AmqpTaskConsumer(AmqpSession session) {
        this.session = session;
        this.repair = new ConsumerRepair(() -> closed);
    }

    @Override
    public void start(List<String> queues, int prefetchCount, DeliverySink sink) {
        this.sink = sink;
        wanted.addAll(queues);
        basePrefetch = prefetchCount;
        // Mirrors celery/worker/consumer/tasks.py: global QoS on RabbitMQ 3.x classic queues, per consumer as soon
        // as a quorum queue is involved (worker_detect_quorum_queues).
        globalQos = !session.topology().quorum();
        try {
            openChannel(queues);
        } catch (IOException e) {
            throw new BrokerException("Could not set up consuming from " + queues + ": " + AmqpErrors.reason(e), e,
                    false);
        }
    }

    private void openChannel(List<String> queues) throws IOException {
        Connection conn = session.connection();
        Channel ch = conn.createChannel();
        int gen = generation.get();
        ch.addShutdownListener(cause -> onChannelClosed(gen, cause));
        ch.basicQos(prefetch(), globalQos);
        session.topology().declareDelayedDelivery(ch);
        channel = ch;
        for (String queue : queues) {
            consume(conn, ch, gen, queue);
        }
    }

    private void consume(Connection conn, Channel ch, int gen, String queue) throws IOException {
        session.topology().declareIfMissing(conn, ch, queue);
        consumerTags.put(queue, ch.basicConsume(queue, false, delivered(queue, gen), cancelled(queue, gen)));
    }

    private DeliverCallback delivered(String queue, int gen) {
        return (consumerTag, message) -> {
            long tag = message.getEnvelope().getDeliveryTag();
            try {
                int epoch = gen == generation.get() ? session.epoch() : -1;
                if (cautious && epoch >= 0) {
                    cautious = false;
                    adjustPrefetch(0);
                }
                settlements.delivered(tag);
                DeliverySink s = sink;
                if (s != null) {
                    s.accept(Deliveries.of(queue, message, epoch));
                }
            } catch (Throwable t) {
                log.error("Rejected delivery {} from queue '{}': it could not be handled: {}", tag, queue, t.toString(),
                        t);
                if (gen == generation.get() && settlements.reject(tag, false)) {
                    scheduleSettle();
                }
            }
        };
    }

    // The broker cancels a consumer when its queue is deleted or (quorum queues) its leader moves.
    private CancelCallback cancelled(String queue, int gen) {
        return consumerTag -> {
            consumerTags.remove(queue, consumerTag);
            if (closed || gen != generation.get() || !wanted.contains(queue)) {
                return;
            }
            log.warn("Consumer for queue '{}' was cancelled by the broker; consuming it again", queue);
            repair.retry("consume queue '" + queue + "' again", () -> {
                Channel ch = channel;
                if (gen == generation.get() && ch != null && wanted.contains(queue)
                        && !consumerTags.containsKey(queue)) {
                    channelThread.call(() -> consume(session.connection(), ch, gen, queue));
                    log.info("Consuming queue '{}' again", queue);
                }
            });
        };
    }

    // A connection loss is the client's to recover; a channel closed by the broker while the connection lives is not.
    private void onChannelClosed(int gen, ShutdownSignalException cause) {
        if (closed || cause.isInitiatedByApplication() || gen != generation.get()) {
            return;
        }
        if (cause.isHardError()) {
            if (AmqpErrors.unreadableFrame(cause)) {
                log.warn("The broker connection died on a message the RabbitMQ client cannot read ({}); after the "
                        + "reconnect this worker takes one message at a time until one is readable. A quorum queue "
                        + "with x-delivery-limit dead-letters such a message (README, Failure behaviour)",
                        cause.getCause());
                cautious = true;
                Channel ch = channel;
                if (ch != null) {
                    // Recorded by the client while the channel is down, and applied when it recovers the channel.
                    channelThread.submit("lower the prefetch count", () -> lowerPrefetch(ch));
                }
            }
            return;
        }
        generation.incrementAndGet();
        session.newEpoch();
        settlements = new AckCoalescer();
        consumerTags.clear();
        List<String> queues = List.copyOf(wanted);
        log.error("The consuming channel was closed by the broker ({}); opening a new one for {}",
                AmqpErrors.reason(cause), queues);
        repair.retry("consume " + queues + " on a new channel", () -> {
            openChannel(queues);
            log.info("Consuming {} again", queues);
        });
    }

    private void lowerPrefetch(Channel ch) {
        try {
            ch.basicQos(1, globalQos);
        } catch (IOException | RuntimeException e) {
            log.debug("Prefetch of 1 recorded for the recovery: {}", e.toString());
        }
    }

    private int prefetch() {
        if (cautious) {
            return 1;
        }
        int count = Math.max(0, basePrefetch + held.get());
        // kombu sends anything above 65535 as 0, "unlimited"; Lovage stops raising there instead.
        return basePrefetch == 0 ? 0 : Math.min(count, 65535);
    }

    // A delivery of a channel that is gone cannot be settled: the broker redelivers it. On a recovered channel the
    // client drops such frames itself; on a re-created one they would name tags the new channel never gave.
    @Override
    public void ack(Delivery delivery) {
        if (delivery.epoch() == session.epoch() && settlements.ack(delivery.tag())) {
            scheduleSettle();
        }
    }

    @Override
    public void reject(Delivery delivery, boolean requeue) {
        if (delivery.epoch() == session.epoch() && settlements.reject(delivery.tag(), requeue)) {
            scheduleSettle();
        }
    }

    // One flush per burst: acks that arrive while it waits for the channel thread go out with it.
    private void scheduleSettle() {
        Channel ch = channel;
        AckCoalescer coalescer = settlements;
        if (ch != null) {
            channelThread.submit("acknowledge messages", () -> coalescer.flush(DeliveryTags.offset(ch),
                    new AckCoalescer.Frames() {
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
        held.addAndGet(delta);
        Channel ch = channel;
        if (ch != null) {
            channelThread.submit("set the prefetch count", () -> ch.basicQos(prefetch(), globalQos));
        }
    }

    @Override
    public void addQueue(String queue) {
        Channel ch = channel;
        if (ch == null || sink == null || !wanted.add(queue)) {
            return;
        }
        int gen = generation.get();
        channelThread.submit("consume queue " + queue, () -> consume(session.connection(), ch, gen, queue));
    }

    @Override
    public boolean cancelQueue(String queue) {
        Channel ch = channel;
        wanted.remove(queue);
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
        Channel ch = channel;
        return delivery.epoch() == session.epoch() && session.isOpen() && ch != null && ch.isOpen()
                && delivery.tag() > DeliveryTags.offset(ch);
    }

    @Override
    public boolean isConsuming() {
        Channel ch = channel;
        return session.isOpen() && ch != null && ch.isOpen() && !wanted.isEmpty()
                && consumerTags.keySet().containsAll(wanted);
    }

    @Override
    public void stop() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        wanted.clear();
        List<String> tags = List.copyOf(consumerTags.values());
        consumerTags.clear();
        for (String tag : tags) {
            channelThread.submit("cancel consumer " + tag, () -> ch.basicCancel(tag));
        }
    }

    /** Lets queued acknowledgements go out, then stops the channel thread; the connection closes the channel. */
    @Override
    public void close() {
        closed = true;
        repair.close();
        channelThread.close();
        channel = null;
    }
}
