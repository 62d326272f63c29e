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
            "BACKEND_FAILED,       false, true,  false, NOTHING",
            "BACKEND_FAILED,       true,  true,  false, REQUEUE",
            "WORKER_FAILED,        false, true,  false, REJECT",
            "WORKER_FAILED,        true,  true,  true,  REJECT",
            "COLD_SHUTDOWN,        false, true,  false, NOTHING",
            "COLD_SHUTDOWN,        true,  true,  true,  NOTHING",
    })
    void decidesLikeCelery(Outcome outcome, boolean acksLate, boolean onFailure, boolean onLost,
            AckDecision expected) {
        assertThat(AckPolicy.decide(outcome, new Settings(acksLate, onFailure, onLost))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a copy of a message whose first run was settled {0} gets {1}")
    @CsvSource(nullValues = "null", value = {
            "ACK,     ACK",
            "NOTHING, ACK",
            "REJECT,  REJECT",
            "REQUEUE, REQUEUE",
            "null,    REQUEUE",
    })
    void settlesRedeliveredCopiesAsTheirFirstRun(AckDecision firstRun, AckDecision expected) {
        assertThat(AckPolicy.forRedeliveredCopy(firstRun)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} acksLate={1} -> copies get {2}")
    @CsvSource(nullValues = "null", value = {
            "SUCCESS,        false, ACK",
            "COLD_SHUTDOWN,  false, ACK",
            "SUCCESS,        true,  ACK",
            "FAILURE,        true,  ACK",
            "REJECT,         true,  REJECT",
            "BACKEND_FAILED, true,  REQUEUE",
            "COLD_SHUTDOWN,  true,  null",
    })
    void tellsWhatCopiesOfARunGet(Outcome outcome, boolean acksLate, AckDecision expected) {
        assertThat(AckPolicy.forCopiesOf(outcome, new Settings(acksLate, true, false))).isEqualTo(expected);
    }
}
