package dev.lovage.worker.internal;

/**
 * The one place that decides what the broker is told when a task ends. A pure function.
 *
 * <p>Mirrors celery/worker/request.py: {@code on_accepted} acks early unless acks_late; {@code on_success},
 * {@code on_retry} ack; {@code on_failure} acks when acks_on_failure_or_timeout, else rejects; a hard time limit
 * with that setting off requeues (5.5.0+); a lost worker requeues only with reject_on_worker_lost; a Reject signal
 * rejects with its own requeue flag; revoked and expired tasks are acked.
 */
public final class AckPolicy {

    /** How a task ended. */
    public enum Outcome {
        // Before the task started: the message was never acknowledged.
        MALFORMED, UNREGISTERED, REVOKED_BEFORE_START,
        // After it started.
        SUCCESS, FAILURE, RETRY, IGNORED, REJECT, REJECT_REQUEUE, TIMEOUT, WORKER_LOST, REVOKED
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

    /** The broker action once the task has ended. NOTHING means it was acked already at start. */
    public static AckDecision decide(Outcome outcome, Settings settings) {
        switch (outcome) {
            case MALFORMED, UNREGISTERED:
                // Celery rejects unknown tasks and invalid messages without requeue, whatever acks_late says.
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
            case REJECT_REQUEUE -> AckDecision.REQUEUE;
            case FAILURE -> settings.acksOnFailureOrTimeout() ? AckDecision.ACK : AckDecision.REJECT;
            case TIMEOUT -> settings.acksOnFailureOrTimeout() ? AckDecision.ACK : AckDecision.REQUEUE;
            case WORKER_LOST -> settings.rejectOnWorkerLost() ? AckDecision.REQUEUE : AckDecision.ACK;
            case MALFORMED, UNREGISTERED -> AckDecision.REJECT;
        };
    }
}
