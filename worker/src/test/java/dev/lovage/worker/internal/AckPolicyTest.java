package dev.lovage.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.worker.internal.AckPolicy.AckDecision;
import dev.lovage.worker.internal.AckPolicy.Outcome;
import dev.lovage.worker.internal.AckPolicy.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole table, after celery/worker/request.py (on_accepted, on_success, on_retry, on_failure) as of 5.5+. */
final class AckPolicyTest {

    @ParameterizedTest(name = "{0} acksLate={1} onFailure={2} onLost={3} -> {4}")
    @CsvSource({
            "MALFORMED,            false, true,  false, REJECT",
            "MALFORMED,            true,  true,  false, REJECT",
            "UNREGISTERED,         false, true,  false, REJECT",
            "UNREGISTERED,         true,  false, true,  REJECT",
            "REVOKED_BEFORE_START, false, true,  false, ACK",
            "REVOKED_BEFORE_START, true,  true,  false, ACK",
            "SUCCESS,              false, true,  false, NOTHING",
            "FAILURE,              false, false, false, NOTHING",
            "RETRY,                false, true,  false, NOTHING",
            "REJECT_REQUEUE,       false, true,  false, NOTHING",
            "SUCCESS,              true,  true,  false, ACK",
            "RETRY,                true,  true,  false, ACK",
            "IGNORED,              true,  true,  false, ACK",
            "REVOKED,              true,  true,  false, ACK",
            "REJECT,               true,  true,  false, REJECT",
            "REJECT_REQUEUE,       true,  true,  false, REQUEUE",
            "FAILURE,              true,  true,  false, ACK",
            "FAILURE,              true,  false, false, REJECT",
            "TIMEOUT,              true,  true,  false, ACK",
            "TIMEOUT,              true,  false, false, REQUEUE",
            "WORKER_LOST,          true,  true,  false, ACK",
            "WORKER_LOST,          true,  true,  true,  REQUEUE",
    })
    void decidesLikeCelery(Outcome outcome, boolean acksLate, boolean onFailure, boolean onLost,
            AckDecision expected) {
        assertThat(AckPolicy.decide(outcome, new Settings(acksLate, onFailure, onLost))).isEqualTo(expected);
    }
}
