package dev.lovage.worker.internal;

import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.broker.DeliverySink;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.MessageDecoder;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.internal.AckPolicy.AckDecision;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a delivery: on the broker's thread, its headers are read and the task looked up, then it goes to
 * the task pool (at once, or at its eta) holding its raw body; on the task thread, the body is decoded and the task
 * runs, unless the connection that delivered it is gone. Never blocks the broker thread and never throws: whatever a
 * message holds, a failure rejects that message alone (no requeue, the reason logged once) and the next one is
 * unaffected.
 */
public final class DeliveryHandler implements DeliverySink {
    private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);

    private final MessageDecoder decoder;
    private final TaskRegistry registry;
    private final TaskPool pool;
    private final TaskRunner runner;
    private final TaskConsumer consumer;
    private final Acknowledger acks;
    private final @Nullable OutOfBandStores stores;
    private final ResultFactory results;
    private final Listeners listeners;
    private final InstantSource clock;
    private final RevokedSet revoked;
    private final RateLimits rateLimits;
    private final EtaHolds holds;
    private final RedeliveryGuard guard = new RedeliveryGuard();

    DeliveryHandler(MessageDecoder decoder, TaskRegistry registry, TaskPool pool, TaskRunner runner,
            TaskConsumer consumer, Acknowledger acks, @Nullable OutOfBandStores stores, ResultFactory results,
            Listeners listeners, InstantSource clock, RevokedSet revoked, RateLimits rateLimits,
            @Nullable Integer etaLimit) {
        this.revoked = revoked;
        this.rateLimits = rateLimits;
        this.decoder = decoder;
        this.registry = registry;
        this.pool = pool;
        this.runner = runner;
        this.consumer = consumer;
        this.acks = acks;
        this.stores = stores;
        this.results = results;
        this.listeners = listeners;
        this.clock = clock;
        this.holds = new EtaHolds(consumer, listeners, etaLimit);
    }

    @Override
    public void accept(Delivery delivery) {
        try {
            receive(delivery);
        } catch (Throwable t) {
            refuse(delivery, t);
        }
    }

    private void receive(Delivery delivery) {
        TaskMessage message;
        try {
            message = decoder.decodeDeferred(delivery.properties(), delivery.headers(), delivery.body());
        } catch (ProtocolException e) {
            refuse(delivery, e);
            return;
        }
        TaskHeaders h = message.headers();
        CompletableFuture<@Nullable AckDecision> first = guard.duplicateOf(h.id(), delivery.epoch(),
                delivery.redelivered());
        if (first != null) {
            log.info("Task {}[{}] was started by this worker before its connection to the broker was lost; its "
                    + "redelivered message gets the outcome of that run instead of running again", h.task(), h.id());
            first.whenComplete((decision, error) -> acks.settleCopy(delivery, decision));
            return;
        }
        RegisteredTask task = registry.get(h.task());
        if (task == null) {
            unknown(delivery, h);
            return;
        }
        TaskRequest request = new TaskRequest(message, new TaskContext.DeliveryInfo(delivery.exchange(),
                delivery.routingKey(), delivery.redelivered(), delivery.properties().priority()));
        log.info("Task {}[{}] received", h.task(), h.id());
        listeners.fire(l -> l.taskReceived(request));
        try {
            if (revoked.contains(h.id())) {
                pool.submit(() -> runner.discardRevoked(delivery, request, "revoked"), Duration.ZERO);
                return;
            }
            // An expired task is discarded at once, not held until its eta (Celery checks expiry on receipt).
            Duration delay = h.isExpired(clock) ? Duration.ZERO : max(
                    h.eta() == null ? Duration.ZERO : Duration.between(clock.instant(), h.eta()),
                    rateLimits.reserve(h.task(), System.nanoTime()));
            if (!delay.isPositive()) {
                pool.submit(() -> start(delivery, request, task, null), Duration.ZERO);
                return;
            }
            EtaHolds.Hold hold = holds.hold(delivery, request);
            try {
                holds.waiting(hold, pool.submit(() -> start(delivery, request, task, hold), delay));
            } catch (RejectedExecutionException e) {
                holds.release(hold);
                throw e;
            }
        } catch (RejectedExecutionException e) {
            // Shutting down: leave it unacknowledged; the broker redelivers it when the connection closes.
            log.info("Task {}[{}] not started: the worker is shutting down", h.task(), h.id());
        }
    }

    // On the task thread, holding a concurrency slot.
    private void start(Delivery delivery, TaskRequest request, RegisteredTask task, EtaHolds.@Nullable Hold hold) {
        TaskHeaders h = request.message().headers();
        try {
            if (!consumer.isLive(delivery)) {
                // Mirrors Consumer.on_close: a request of a dead channel is dropped; the broker redelivers it.
                log.debug("Task {}[{}] not started: the connection that delivered it is gone, and the broker "
                        + "delivers it again", h.task(), h.id());
                listeners.fire(l -> l.taskReleased(request));
                return;
            }
            try {
                request.message().body();
            } catch (ProtocolException e) {
                refuse(delivery, e);
                listeners.fire(l -> l.taskRejected(request, false));
                return;
            }
            guard.started(h.id(), delivery.epoch());
            AckDecision copies = null;
            try {
                copies = runner.run(delivery, request, task);
            } finally {
                guard.ended(h.id(), copies);
            }
        } catch (Throwable t) {
            // TaskRunner.run settles the message itself and never throws; this is the last line of defence.
            log.error("Task {}[{}] could not be run: {}", h.task(), h.id(), t.toString(), t);
        } finally {
            if (hold != null) {
                holds.release(hold);
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** ETA and rate-limited tasks held now with a raised prefetch. */
    public int heldTasks() {
        return holds.held();
    }

    /**
     * Tasks waiting for their eta past {@code worker_eta_task_limit}: while above zero they take prefetch slots of
     * ready tasks, and {@code /health} says degraded.
     */
    public int etaOverflow() {
        return holds.overflow();
    }

    /** Releases, every second, the held tasks whose connection to the broker is gone. */
    public void watchConnection() {
        pool.every(Duration.ofSeconds(1), holds::releaseDead);
    }

    private void unknown(Delivery delivery, TaskHeaders h) {
        // The first line is Celery's, so both worlds can be grepped alike.
        log.error("Received unregistered task of type '{}'.\nThe message has been ignored and discarded.\n"
                + "Is the task registered with this Lovage worker (-A), and is this queue meant for it?\n"
                + "Task id: {}; {}", h.task(), h.id(), delivery.describe());
        listeners.fire(l -> l.taskUnknown(h.task(), h.id()));
        acks.refuse(delivery, Outcome.UNREGISTERED);
        if (stores != null) {
            stores.store(results.notRegistered(h.id(), h.task()), "NotRegistered");
        }
    }

    private void refuse(Delivery delivery, ProtocolException e) {
        try {
            log.error("Rejected {}: {} ({})", delivery.describe(), e.getMessage(), e.reason());
            listeners.fire(l -> l.messageRejected(e));
        } finally {
            acks.refuse(delivery, Outcome.MALFORMED);
        }
    }

    private void refuse(Delivery delivery, Throwable t) {
        try {
            log.error("Rejected {}: it could not be handled: {}", delivery.describe(), t.toString(), t);
        } finally {
            acks.refuse(delivery, Outcome.MALFORMED);
        }
    }
}
