package dev.lovage.worker.internal;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.worker.broker.Delivery;
import dev.lovage.worker.testing.RecordingBroker;
import dev.lovage.worker.testing.RecordingBroker.Action;
import dev.lovage.worker.internal.AckPolicy.AckDecision;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import dev.lovage.worker.internal.AckPolicy.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The acknowledger sends exactly what AckPolicy decides, and nothing when it decides NOTHING. */
@Timeout(10)
final class AcknowledgerTest {
    private static final Settings EARLY = new Settings(false, true, false);
    private static final Settings LATE = new Settings(true, false, false);

    private final RecordingBroker broker = new RecordingBroker();
    private final Acknowledger acks = new Acknowledger(broker.consumer());

    private Delivery delivery(long tag) {
        return aTaskMessage().toDelivery(tag, 0);
    }

    @Test
    void acknowledgesAtStartOnlyWithoutAcksLate() {
        assertThat(acks.onStart(delivery(1), EARLY)).isTrue();
        assertThat(acks.onStart(delivery(2), LATE)).isFalse();
        assertThat(broker.actions()).containsExactly(new Action("ack", 1, false));
    }

    @Test
    void settlesByThePolicyAndSaysWhatCopiesGet() {
        assertThat(acks.settle(delivery(1), Outcome.FAILURE, LATE)).isEqualTo(AckDecision.REJECT);
        assertThat(acks.settle(delivery(2), Outcome.BACKEND_FAILED, LATE)).isEqualTo(AckDecision.REQUEUE);
        assertThat(acks.settle(delivery(3), Outcome.SUCCESS, EARLY)).isEqualTo(AckDecision.ACK);
        assertThat(acks.settle(delivery(4), Outcome.COLD_SHUTDOWN, LATE)).isNull();
        assertThat(broker.actions()).containsExactly(new Action("reject", 1, false), new Action("reject", 2, true));
    }

    @Test
    void refusesWithoutRequeueAndSettlesCopies() {
        acks.refuse(delivery(1), Outcome.MALFORMED);
        acks.refuse(delivery(2), Outcome.UNREGISTERED);
        acks.settleCopy(delivery(3), AckDecision.NOTHING);
        acks.settleCopy(delivery(4), null);
        assertThat(broker.actions()).containsExactly(new Action("reject", 1, false), new Action("reject", 2, false),
                new Action("ack", 3, false), new Action("reject", 4, true));
    }
}
