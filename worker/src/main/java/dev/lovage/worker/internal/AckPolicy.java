package dev.lovage.worker.internal;

import org.jspecify.annotations.Nullable;

/**
 * The one place that decides what the broker is told about a message, for every way a task can end. A pure function;
 * {@link Acknowledger} applies it.
 *
 * <p>Mirrors celery/worker/request.py: {@code on_accepted} acks early unless acks_late; {@code on_success},
 * {@code on_retry} ack; {@code on_failure} acks when acks_on_failure_or_timeout, else rejects; a hard time limit
 * with that setting off requeues (5.5.0+); a lost worker requeues only with reject_on_worker_lost; a Reject signal
 * rejects with its own requeue flag; revoked and expired tasks are acked. Lovage's own cases: a result that could not
 * be stored requeues an acks_late message (nothing is lost; the task runs again); a message the worker itself failed to
 * run is rejected unless acknowledged already; a cold shutdown leaves acks_late messages to the broker.
 */
public final class AckPolicy {

    /** How a task ended. */
    public enum Outcome {
        // Before the task started: the message was never acknowledged.
        MALFORMED, UNREGISTERED, REVOKED_BEFORE_START,
        // After it started.
        SUCCESS, FAILURE, RETRY, IGNORED, REJECT, REJECT_REQUEUE, TIMEOUT, WORKER_LOST, REVOKED,
        // The worker, not the task: the result could not be stored; the worker failed around the task; a cold
        // shutdown interrupted it.
        BACKEND_FAILED, WORKER_FAILED, COLD_SHUTDOWN
    }

    /** What to tell the broker. */
    public enum AckDecision { ACK, REJECT, REQUEUE, NOTHING }

    /** The settings that matter, already resolved from the task's options and the worker's config. */
    public record Settings(boolean acksLate, boolean acksOnFailureOrTimeout, boolean rejectOnWorkerLost) {
    }

    private AckPolicy() {
    }

    /** True when the message is acknowledged as the task starts (Celery's default, early acknowledgement). */
    public static boolean acksOnStart(Settings settings) {
        return !settings.acksLate();
    }

    /** The broker action once the task has ended. NOTHING means it was acked already at start, or must stay unsettled. */
    public static AckDecision decide(Outcome outcome, Settings settings) {
        switch (outcome) {
            case MALFORMED, UNREGISTERED, WORKER_FAILED:
                // Celery rejects unknown tasks and invalid messages without requeue, whatever acks_late says; so does
                // Lovage a message it failed to run (only ever asked for one not acknowledged yet).
                return AckDecision.REJECT;
            case REVOKED_BEFORE_START:
                return AckDecision.ACK;
            default:
                break;
        }
        if (!settings.acksLate()) {
            return AckDecision.NOTHING;
        }
        return switch (outcome) {
            case SUCCESS, RETRY, IGNORED, REVOKED, REVOKED_BEFORE_START -> AckDecision.ACK;
            case REJECT -> AckDecision.REJECT;
            case REJECT_REQUEUE, BACKEND_FAILED -> AckDecision.REQUEUE;
            case FAILURE -> settings.acksOnFailureOrTimeout() ? AckDecision.ACK : AckDecision.REJECT;
            case TIMEOUT -> settings.acksOnFailureOrTimeout() ? AckDecision.ACK : AckDecision.REQUEUE;
            case WORKER_LOST -> settings.rejectOnWorkerLost() ? AckDecision.REQUEUE : AckDecision.ACK;
            // Unacknowledged, the message goes back to the broker when the connection closes.
            case COLD_SHUTDOWN -> AckDecision.NOTHING;
            case MALFORMED, UNREGISTERED, WORKER_FAILED -> AckDecision.REJECT;
        };
    }

    /**
     * What the broker is told about a redelivered copy of a message whose first run on this worker ended with
     * {@code firstRun} while the connection that delivered it was lost (see {@link RedeliveryGuard}): the first run's
     * own decision, an acknowledgement when it was acked at start, a requeue when it must run again (null).
     */
    public static AckDecision forRedeliveredCopy(@Nullable AckDecision firstRun) {
        if (firstRun == null) {
            return AckDecision.REQUEUE;
        }
        return firstRun == AckDecision.NOTHING ? AckDecision.ACK : firstRun;
    }

    /**
     * What a redelivered copy should get, given how the first run was settled: ACK when it was acknowledged at start,
     * else its own decision; null (run the copy) after a cold shutdown left it unsettled.
     */
    public static @Nullable AckDecision forCopiesOf(Outcome outcome, Settings settings) {
        if (acksOnStart(settings)) {
            return AckDecision.ACK;
        }
        return outcome == Outcome.COLD_SHUTDOWN ? null : decide(outcome, settings);
    }
}
