package dev.lovage.worker.testing;

import dev.lovage.worker.broker.Broker;
import dev.lovage.worker.broker.ControlMailbox;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.DeliverySink;
import dev.lovage.worker.broker.EventStream;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.broker.TaskProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Broker} fake: {@link #deliver} hands messages to the worker as a broker would; every ack, reject and
 * publish is recorded in order, and so are control replies and events ({@link #transients}). Thread-safe.
 */
public final class RecordingBroker implements Broker {
    /** One recorded broker action. */
    public record Action(String kind, long tag, boolean requeue) {
    }

    private final List<Action> actions = new ArrayList<>();
    private final List<OutgoingMessage> published = new ArrayList<>();
    private final Set<String> declared = new LinkedHashSet<>();
    private final List<OutgoingMessage> transients = new ArrayList<>();
    private final List<String> consumed = new CopyOnWriteArrayList<>();
    private final AtomicLong tags = new AtomicLong();
    private final Consumption consumer = new Consumption();
    private final Production producer = new Production();
    private final RecordingMailbox mailbox = new RecordingMailbox(this::recordTransient);
    private final RecordingEvents events = new RecordingEvents(this::recordTransient);
    private volatile @Nullable DeliverySink sink;
    private volatile List<String> queues = List.of();
    private volatile int prefetch;
    private volatile boolean connected;
    private volatile boolean consuming;
    private volatile boolean closed;
    private volatile int epoch;

    @Override
    public void connect() {
        connected = true;
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
        return connected && !closed;
    }

    @Override
    public void onReconnect(Runnable hook) {
    }

    @Override
    public Map<String, @Nullable Object> connectionInfo() {
        return Map.of("transport", "recording");
    }

    @Override
    public String describe() {
        return "recording://";
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Delivers a message built by {@link TaskMessages}; returns the delivery tag it was given. */
    public long deliver(TaskMessages.Builder message) {
        long tag = tags.incrementAndGet();
        sink.accept(message.toDelivery(tag, epoch));
        return tag;
    }

    /** The connection is lost and back: deliveries made so far are no longer {@linkplain TaskConsumer#isLive live}. */
    public void reconnect() {
        epoch++;
    }

    /** Sends a remote-control message to the worker, as the pidbox fanout would. */
    public void control(byte[] body) {
        mailbox.request(body);
    }

    /** Delivers a monitoring event to the worker, as the celeryev exchange would. */
    public void event(byte[] body) {
        events.deliver(body);
    }

    private synchronized void record(Action action) {
        actions.add(action);
        notifyAll();
    }

    private synchronized void recordTransient(OutgoingMessage message) {
        transients.add(message);
        notifyAll();
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

    /** Remote-control requests broadcast (revokes, mingle's hello...), in order. */
    public List<Map<String, Object>> broadcasts() {
        return mailbox.broadcasts();
    }

    /** Control replies and events, in order. */
    public synchronized List<OutgoingMessage> transients() {
        return List.copyOf(transients);
    }

    /** Queues declared for publishing, in order, without repeats. */
    public synchronized List<String> declared() {
        return List.copyOf(declared);
    }

    /** The queues the consumer was started with. */
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

    private final class Consumption implements TaskConsumer {
        @Override
        public void start(List<String> names, int prefetchCount, DeliverySink deliveries) {
            queues = List.copyOf(names);
            consumed.addAll(names);
            prefetch = prefetchCount;
            sink = deliveries;
            consuming = true;
        }

        @Override
        public void ack(Delivery delivery) {
            record(new Action("ack", delivery.tag(), false));
        }

        @Override
        public void reject(Delivery delivery, boolean requeue) {
            record(new Action("reject", delivery.tag(), requeue));
        }

        @Override
        public void adjustPrefetch(int delta) {
            synchronized (RecordingBroker.this) {
                prefetch += delta;
            }
        }

        @Override
        public void addQueue(String queue) {
            consumed.add(queue);
        }

        @Override
        public boolean cancelQueue(String queue) {
            return consumed.remove(queue);
        }

        @Override
        public List<String> queues() {
            return List.copyOf(consumed);
        }

        @Override
        public boolean isLive(Delivery delivery) {
            return delivery.epoch() == epoch && !closed;
        }

        @Override
        public boolean isConsuming() {
            return consuming && !closed;
        }

        @Override
        public void stop() {
            consuming = false;
        }
    }

    private final class Production implements TaskProducer {
        @Override
        public void publish(OutgoingMessage message) {
            synchronized (RecordingBroker.this) {
                published.add(message);
                RecordingBroker.this.notifyAll();
            }
        }

        @Override
        public void declareQueue(String queue) {
            synchronized (RecordingBroker.this) {
                declared.add(queue);
            }
        }
    }
}
