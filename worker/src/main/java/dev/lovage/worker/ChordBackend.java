package dev.lovage.worker;

import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.TaskState;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A result backend that joins chords natively, as Celery's Redis backend does. Implementations must be thread-safe
 * and must keep the join exactly as Python workers keep it, so that Python and Java workers can report parts of the
 * same chord. The protocol is Celery 5.7's: parts recorded once per task id and index, the callback published only
 * by the worker that claims the completed join, a "done" marker that keeps late duplicates from starting it again.
 *
 * @since 0.1
 */
public interface ChordBackend {

    /** One header result as recorded in the join. */
    record Part(String taskId, TaskState state, @Nullable Object result) {
    }

    /** A completed join this worker has claimed: publish the callback, then {@link #finishChord}. */
    record Join(String claimToken, List<Part> parts) {
    }

    /**
     * Records that header task {@code taskId} of group {@code groupId} ended.
     *
     * @return the claimed join, with every part in header order, when this call completed the chord; null
     *         otherwise (not complete, already complete, or claimed by another worker)
     */
    @Nullable Join addPart(String groupId, String taskId, @Nullable Integer groupIndex, TaskState state,
            @Nullable Object result);

    /** Extends this worker's claim while it publishes the callback; false if the claim was lost. */
    boolean extendClaim(String groupId, String claimToken, Duration ttl);

    /**
     * After the callback is published: deletes the join and leaves the "done" marker, if the claim is still ours.
     * True then, and also when the join is gone already (a chord cleanup forgot the whole chord first).
     */
    boolean finishChord(String groupId, String claimToken);

    /** After the chord failed: drops the size so a late copy of a header task cannot fail it again. */
    void abandonChord(String groupId);

    /** Sets the number of header parts, before the last header task is published. */
    void setChordSize(String groupId, int size);

    /**
     * Celery's {@code add_to_chord}: one more part is coming for chord {@code groupId} (a task added to it while it
     * runs), so the join waits for it.
     *
     * @throws UnsupportedOperationException when the backend cannot grow a chord (the default)
     * @since 0.2
     */
    default void addToChord(String groupId) {
        throw new UnsupportedOperationException("this result backend cannot add tasks to a running chord");
    }

    /**
     * Celery's Redis {@code apply_chord}: a header whose results include group results is saved under
     * {@code celery-taskset-meta-<groupId>} before it is published, so the join can rebuild them.
     *
     * @throws UnsupportedOperationException when the backend cannot (the default)
     * @since 0.2
     */
    default void saveChordHeader(String groupId, ResultRef header) {
        throw new UnsupportedOperationException("this result backend cannot save chord headers");
    }
}
