package dev.lovage.worker.testing;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.internal.Delivery;
import dev.lovage.worker.internal.OutgoingMessage;
import dev.lovage.worker.internal.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Transport} fake: {@link #deliver} hands messages to the worker as the broker would; every ack, reject and
 * publish is recorded in order. Thread-safe.
 */
public final class RecordingTransport implements Transport {
    /** One recorded broker action. */
    public record Action(String kind, long tag, boolean requeue) {
    }

    private final List<Action> actions = new ArrayList<>();
    private final List<OutgoingMessage> published = new ArrayList<>();
    private final Set<String> declared = new LinkedHashSet<>();
    private final List<OutgoingMessage> transients = new ArrayList<>();
    private final List<String> consumed = new CopyOnWriteArrayList<>();
    private volatile ControlSink control;
    private volatile ControlSink events;
    private final AtomicLong tags = new AtomicLong();
    private volatile DeliverySink sink;
    private volatile List<String> queues = List.of();
    private volatile int prefetch;
    private volatile boolean consuming;
    private volatile boolean closed;

    @Override
    public void start(List<String> queues, int prefetchCount, DeliverySink sink) {
        this.queues = List.copyOf(queues);
        consumed.addAll(queues);
        this.prefetch = prefetchCount;
        this.sink = sink;
        this.consuming = true;
    }

    /** Delivers a message built by {@link TaskMessages}; returns the delivery tag it was given. */
    public long deliver(TaskMessages.Builder message) {
        long tag = tags.incrementAndGet();
        sink.accept(message.toDelivery(tag));
        return tag;
    }

    @Override
    public synchronized void ack(Delivery delivery) {
        actions.add(new Action("ack", delivery.tag(), false));
        notifyAll();
    }

    @Override
    public synchronized void reject(Delivery delivery, boolean requeue) {
        actions.add(new Action("reject", delivery.tag(), requeue));
        notifyAll();
    }

    @Override
    public synchronized void publish(OutgoingMessage message) {
        published.add(message);
        notifyAll();
    }

    @Override
    public void startControl(String nodeName, ControlSink sink) {
        control = sink;
    }

    /** Sends a remote-control message to the worker, as the pidbox fanout would. */
    public void control(byte[] body) {
        control.accept(body);
    }

    @Override
    public synchronized void publishTransient(String exchange, String exchangeType, boolean durableExchange,
            String routingKey, Map<String, Object> headers, byte[] body) {
        transients.add(new OutgoingMessage(exchange, routingKey, MessageProperties.JSON, headers, body));
        notifyAll();
    }

    /** Control replies and events, in order. */
    public synchronized List<OutgoingMessage> transients() {
        return List.copyOf(transients);
    }

    @Override
    public boolean isConnected() {
        return consuming && !closed;
    }

    @Override
    public void consumeEvents(String bindingKey, ControlSink sink) {
        events = sink;
    }

    /** Delivers a monitoring event to the worker, as the celeryev exchange would. */
    public void event(byte[] body) {
        events.accept(body);
    }

    @Override
    public List<byte[]> broadcast(Map<String, Object> request, Duration wait) {
        return List.of();
    }

    @Override
    public void addConsumer(String queue) {
        consumed.add(queue);
    }

    @Override
    public boolean cancelConsumer(String queue) {
        return consumed.remove(queue);
    }

    @Override
    public List<String> consumedQueues() {
        return List.copyOf(consumed);
    }

    @Override
    public synchronized void adjustPrefetch(int delta) {
        prefetch += delta;
    }

    @Override
    public synchronized void declareQueue(String queue) {
        declared.add(queue);
    }

    /** Queues declared for publishing, in order, without repeats. */
    public synchronized List<String> declared() {
        return List.copyOf(declared);
    }

    @Override
    public void stopConsuming() {
        consuming = false;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String describe() {
        return "recording://";
    }

    /** Waits until an action is recorded for {@code tag}, or fails after {@code timeout}. */
    public synchronized Action awaitAction(long tag, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Action a : actions) {
                if (a.tag() == tag) {
                    return a;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no ack or reject for delivery " + tag + " within " + timeout
                        + "; recorded: " + actions);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until {@code count} messages were published. */
    public synchronized List<OutgoingMessage> awaitPublished(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (published.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " published messages, got " + published.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(published);
    }

    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    public synchronized List<OutgoingMessage> published() {
        return List.copyOf(published);
    }

    public List<String> queues() {
        return queues;
    }

    public int prefetch() {
        return prefetch;
    }

    public boolean isConsuming() {
        return consuming;
    }

    public boolean isClosed() {
        return closed;
    }
}
