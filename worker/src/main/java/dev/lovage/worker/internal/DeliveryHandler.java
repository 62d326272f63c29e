package dev.lovage.worker.internal;

import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.broker.DeliverySink;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.MessageDecoder;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a delivery on the broker's thread: decode, look the task up, then hand it to the task pool (at
 * once, or at its eta). Never blocks and never throws: a bad message is logged and rejected, and the next one is
 * unaffected.
 */
public final class DeliveryHandler implements DeliverySink {
    private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);

    private final MessageDecoder decoder;
    private final TaskRegistry registry;
    private final TaskPool pool;
    private final TaskRunner runner;
    private final TaskConsumer consumer;
    private final @Nullable ResultBackend backend;
    private final ResultFactory results;
    private final Listeners listeners;
    private final InstantSource clock;
    private final RevokedSet revoked;
    private final RateLimits rateLimits;
    private final int etaLimit;
    private final AtomicInteger heldTasks = new AtomicInteger();

    public DeliveryHandler(MessageDecoder decoder, TaskRegistry registry, TaskPool pool, TaskRunner runner,
            TaskConsumer consumer, @Nullable ResultBackend backend, Listeners listeners, InstantSource clock,
            RevokedSet revoked, RateLimits rateLimits, @Nullable Integer etaLimit) {
        this.revoked = revoked;
        this.rateLimits = rateLimits;
        this.etaLimit = etaLimit == null ? Integer.MAX_VALUE : etaLimit;
        this.decoder = decoder;
        this.registry = registry;
        this.pool = pool;
        this.runner = runner;
        this.consumer = consumer;
        this.backend = backend;
        this.results = runner.results();
        this.listeners = listeners;
        this.clock = clock;
    }

    @Override
    public void accept(Delivery delivery) {
        TaskMessage message;
        try {
            message = decoder.decode(delivery.properties(), delivery.headers(), delivery.body());
        } catch (ProtocolException e) {
            log.error("Rejected {}: {} ({})", delivery.describe(), e.getMessage(), e.reason());
            listeners.fire(l -> l.messageRejected(e));
            reject(delivery, Outcome.MALFORMED);
            return;
        } catch (RuntimeException e) {
            log.error("Rejected {}: cannot decode: {}", delivery.describe(), e.toString(), e);
            reject(delivery, Outcome.MALFORMED);
            return;
        }
        TaskHeaders h = message.headers();
        RegisteredTask task = registry.get(h.task());
        if (task == null) {
            unknown(delivery, h);
            return;
        }
        TaskRequest request = new TaskRequest(message, new TaskContext.DeliveryInfo(delivery.exchange(),
                delivery.routingKey(), delivery.redelivered(), delivery.properties().priority()));
        log.info("Task {}[{}] received", h.task(), h.id());
        listeners.fire(l -> l.taskReceived(request));
        if (revoked.contains(h.id())) {
            pool.submitUncapped(() -> runner.discardRevoked(delivery, request, "revoked"));
            return;
        }
        // An expired task is discarded at once, not held until its eta (Celery checks expiry on receipt).
        Duration delay = h.isExpired(clock) ? Duration.ZERO : max(
                h.eta() == null ? Duration.ZERO : Duration.between(clock.instant(), h.eta()),
                rateLimits.reserve(h.task(), System.nanoTime()));
        boolean held = delay.isPositive() && heldTasks.incrementAndGet() <= etaLimit;
        if (delay.isPositive() && !held) {
            heldTasks.decrementAndGet();
        }
        if (held) {
            consumer.adjustPrefetch(1);
            int now = heldTasks.get();
            listeners.fire(l -> l.etaHeld(now));
        }
        try {
            pool.submit(() -> {
                try {
                    runner.run(delivery, request, task);
                } finally {
                    if (held) {
                        int now = heldTasks.decrementAndGet();
                        consumer.adjustPrefetch(-1);
                        listeners.fire(l -> l.etaHeld(now));
                    }
                }
            }, delay);
        } catch (RejectedExecutionException e) {
            // Shutting down: leave it unacknowledged; the broker redelivers it when the connection closes.
            log.info("Task {}[{}] not started: the worker is shutting down", h.task(), h.id());
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** ETA and rate-limited tasks waiting now. */
    public int heldTasks() {
        return heldTasks.get();
    }

    private void unknown(Delivery delivery, TaskHeaders h) {
        // The first line is Celery's, so both worlds can be grepped alike.
        log.error("Received unregistered task of type '{}'.\nThe message has been ignored and discarded.\n"
                + "Is the task registered with this Lovage worker (-A), and is this queue meant for it?\n"
                + "Task id: {}; {}", h.task(), h.id(), delivery.describe());
        listeners.fire(l -> l.taskUnknown(h.task(), h.id()));
        reject(delivery, Outcome.UNREGISTERED);
        ResultBackend store = backend;
        if (store != null) {
            // The store is I/O: keep it off the broker's thread.
            pool.submitUncapped(() -> {
                try {
                    store.store(results.notRegistered(h.id(), h.task()));
                } catch (BackendException e) {
                    log.error("Could not store NotRegistered for task {}: {}", h.id(), e.getMessage());
                }
            });
        }
    }

    private void reject(Delivery delivery, Outcome outcome) {
        AckPolicy.AckDecision decision = AckPolicy.decide(outcome, new AckPolicy.Settings(false, true, false));
        consumer.reject(delivery, decision == AckPolicy.AckDecision.REQUEUE);
    }
}
