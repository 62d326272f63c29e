package dev.lovage.worker.internal;

import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.broker.TaskConsumer;
import dev.lovage.worker.internal.AckPolicy.AckDecision;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import dev.lovage.worker.internal.AckPolicy.Settings;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the broker what became of each message: every ack, reject and requeue the worker sends is decided by
 * {@link AckPolicy} and sent from here. Never throws: a broker that cannot be told redelivers the message later.
 * Thread-safe.
 */
final class Acknowledger {
    private static final Logger log = LoggerFactory.getLogger(Acknowledger.class);

    private final TaskConsumer consumer;

    Acknowledger(TaskConsumer consumer) {
        this.consumer = consumer;
    }

    /** Acknowledges as the task starts, unless acks_late; true if it did. */
    boolean onStart(Delivery delivery, Settings settings) {
        if (!AckPolicy.acksOnStart(settings)) {
            return false;
        }
        send(delivery, AckDecision.ACK);
        return true;
    }

    /** Settles a message by how its task ended; returns what a redelivered copy of it should get (see AckPolicy). */
    @Nullable AckDecision settle(Delivery delivery, Outcome outcome, Settings settings) {
        send(delivery, AckPolicy.decide(outcome, settings));
        return AckPolicy.forCopiesOf(outcome, settings);
    }

    /** A message that never became a task here (malformed, unknown task): rejected without requeue. */
    void refuse(Delivery delivery, Outcome outcome) {
        send(delivery, AckPolicy.decide(outcome, new Settings(false, true, false)));
    }

    /** A redelivered copy of a message whose first run ended with {@code firstRun}. */
    void settleCopy(Delivery delivery, @Nullable AckDecision firstRun) {
        send(delivery, AckPolicy.forRedeliveredCopy(firstRun));
    }

    private void send(Delivery delivery, AckDecision decision) {
        try {
            switch (decision) {
                case ACK -> consumer.ack(delivery);
                case REJECT -> consumer.reject(delivery, false);
                case REQUEUE -> consumer.reject(delivery, true);
                case NOTHING -> { }
            }
        } catch (Throwable t) {
            log.error("Could not {} {}: {}", decision.name().toLowerCase(Locale.ROOT), delivery.describe(),
                    t.toString());
        }
    }
}
