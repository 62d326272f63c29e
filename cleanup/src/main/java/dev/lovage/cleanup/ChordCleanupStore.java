package dev.lovage.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where pending chord cleanups are recorded, so that any worker (or a restarted one) can finish them: the header
 * ids of each chord, and the chords whose callback is awaited. Implemented by the Redis backend; the records expire
 * with {@code result_expires}. Thread-safe.
 *
 * @since 0.1
 */
public interface ChordCleanupStore {

    /** A chord waiting for its callback's result. */
    record Pending(String groupId, String callbackId, Instant since) {
    }

    /** A cleanup that failed too often, with why. */
    record DeadLetter(String groupId, String callbackId, String reason, Instant at) {
    }

    /** Records header ids of chord {@code groupId} whose callback is {@code callbackId}. */
    void recordHeaders(String groupId, String callbackId, Set<String> headerIds);

    /** Pending chords recorded before {@code olderThan}, oldest first, at most {@code limit}. */
    List<Pending> pending(Instant olderThan, int limit);

    /** The recorded header ids of a chord. */
    Set<String> headers(String groupId);

    /**
     * Deletes, atomically and with UNLINK, the recorded header results, the saved header group, any join keys left
     * and the record itself; never the callback's result. A header recorded after this starts a new record, which
     * the next sweep forgets.
     *
     * @return how many keys were deleted
     */
    long forgetChord(String groupId, String callbackId);

    /** Drops the record without deleting results (a failed callback, kept for debugging). */
    void dropRecord(String groupId, String callbackId);

    /** Moves a record to the dead-letter list with its reason. */
    void deadLetter(Pending pending, String reason);

    List<DeadLetter> deadLetters();

    /** Puts every dead letter back as pending; returns how many. */
    int replayDeadLetters();

    /** How long records live (result_expires), or null for ever. */
    @Nullable Duration recordExpiry();
}
