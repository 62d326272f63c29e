package dev.lovage.worker;

import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.PlanStep;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.broker.TaskProducer;
import org.jspecify.annotations.Nullable;

/**
 * Performs a {@link CanvasPlan}: each message through the broker seam, each chord size and saved chord header
 * through the result backend, in the plan's order (which is Celery's). The worker publishes callbacks, chain steps
 * and chord bodies with it, and the Lovage client publishes whole canvases with it.
 *
 * <p>Thread-safe when its producer and backend are.
 *
 * @since 0.2
 */
public final class CanvasPublisher {
    /** How one publish step is sent; the client wraps it in its publish retries. */
    @FunctionalInterface
    public interface StepSender {
        /**
         * Sends {@code step}.
         *
         * @throws BrokerException when the broker does not take it
         */
        void send(PlanStep.Publish step);
    }

    private final StepSender sender;
    private final @Nullable ChordBackend chords;
    private final String backendName;

    /**
     * @param chords       the backend that keeps chord sizes, or null when there is none (a plan that needs one
     *                     is then refused before anything is sent)
     * @param backendName  how to name the backend in that refusal
     */
    public CanvasPublisher(StepSender sender, @Nullable ChordBackend chords, String backendName) {
        this.sender = sender;
        this.chords = chords;
        this.backendName = backendName;
    }

    /** A publisher that sends each step with {@link #send(TaskProducer, PlanStep.Publish)}. */
    public static CanvasPublisher of(TaskProducer producer, @Nullable ChordBackend chords, String backendName) {
        return new CanvasPublisher(step -> send(producer, step), chords, backendName);
    }

    /**
     * Declares the step's queue (when it names one) as Celery declares a missing queue, then publishes its message.
     *
     * @throws BrokerException when the broker does not take it
     */
    public static void send(TaskProducer producer, PlanStep.Publish step) {
        if (step.queue() != null) {
            producer.declareQueue(step.queue());
        }
        producer.publish(new OutgoingMessage(step.exchange(), step.routingKey(), step.encoded().properties(),
                step.encoded().headers(), step.encoded().body()));
    }

    /**
     * Performs every step of {@code plan}, in order.
     *
     * @throws IllegalStateException when the plan starts a chord and there is no backend that joins chords (Celery:
     *                               "Starting chords requires a result backend"); nothing is sent then
     * @throws BrokerException       when the broker does not take a message; the steps before it were performed
     * @throws BackendException      when the backend cannot be reached for a chord size
     */
    public void perform(CanvasPlan plan) {
        if (plan.needsChordBackend() && chords == null) {
            throw new IllegalStateException("starting a chord needs a result backend that joins chords (Redis); "
                    + backendName + " does not");
        }
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.Publish p -> sender.send(p);
                case PlanStep.SetChordSize s -> chords.setChordSize(s.groupId(), s.size());
                case PlanStep.SaveChordHeader h -> chords.saveChordHeader(h.groupId(), h.header());
                case PlanStep.AddToChord a -> chords.addToChord(a.groupId());
            }
        }
    }
}
