package dev.lovage.worker;

import dev.lovage.protocol.TaskState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A result backend that joins chords natively, as Celery's Redis backend does ({@code on_chord_part_return},
 * {@code set_chord_size}). Implementations must be thread-safe and must write the join exactly as Python workers
 * do, so that Python and Java workers can report parts of the same chord.
 *
 * @since 0.1
 */
public interface ChordBackend {

    /** One header result as recorded in the join. */
    record Part(String taskId, TaskState state, @Nullable Object result) {
    }

    /**
     * Records that header task {@code taskId} of group {@code groupId} ended.
     *
     * @return every part, in header order, when this call completed the chord and the caller must apply the
     *         callback; null otherwise (not complete yet, or this part was already recorded, as on a redelivery)
     */
    @Nullable List<Part> addPart(String groupId, String taskId, @Nullable Integer groupIndex, TaskState state,
            @Nullable Object result);

    /** Sets the number of header parts, before the last header task is published. */
    void setChordSize(String groupId, int size);

    /** Deletes the join keys once the callback is published. */
    void clearChord(String groupId);
}
