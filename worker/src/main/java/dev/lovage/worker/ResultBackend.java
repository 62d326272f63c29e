package dev.lovage.worker;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a worker stores task results. Implementations must be thread-safe: many task threads call them at once.
 *
 * <p>The worker never closes a backend it was given; whoever created it closes it.
 *
 * @since 0.1
 */
public interface ResultBackend {

    /**
     * Stores a result document as Celery's key-value backends do: unless a SUCCESS is already stored for the id
     * (Celery's guard against duplicate workers), write it with the configured expiry and announce it to waiting
     * clients.
     *
     * @throws BackendException when the store cannot be reached after the backend's own retries
     */
    void store(ResultMeta meta);

    /** The stored document for {@code taskId}, or null when none is stored (Celery's PENDING). */
    @Nullable ResultMeta get(String taskId);

    /**
     * The stored documents for {@code taskIds}, in the same order, null where none is stored. The default reads them
     * one by one; a backend that reads many at once (Redis MGET) overrides it.
     *
     * @since 0.2
     */
    default List<@Nullable ResultMeta> getAll(List<String> taskIds) {
        List<@Nullable ResultMeta> out = new ArrayList<>(taskIds.size());
        for (String id : taskIds) {
            out.add(get(id));
        }
        return out;
    }

    /** Deletes the stored result of {@code taskId}; a no-op when none is stored. */
    void forget(String taskId);

    /** A short description for logs, with any password masked. */
    String describe();

    /**
     * Saves a group's result tree as Celery's {@code GroupResult.save()} does: {@code {"result": as_tuple}} under
     * {@code celery-taskset-meta-<groupId>}, with the result expiry, so any client can {@link #restoreGroup} it.
     *
     * @throws UnsupportedOperationException when the backend does not keep groups (the default)
     * @throws BackendException when the store cannot be reached after the backend's own retries
     * @since 0.2
     */
    default void saveGroup(String groupId, ResultRef result) {
        throw new UnsupportedOperationException(describe() + " does not keep group results");
    }

    /**
     * A group saved by {@link #saveGroup} or by Python's {@code GroupResult.save()}, or null when none is saved.
     *
     * @throws UnsupportedOperationException when the backend does not keep groups (the default)
     * @since 0.2
     */
    default @Nullable ResultRef restoreGroup(String groupId) {
        throw new UnsupportedOperationException(describe() + " does not keep group results");
    }

    /**
     * Deletes a saved group (Celery's {@code GroupResult.delete()}); its members' results stay.
     *
     * @throws UnsupportedOperationException when the backend does not keep groups (the default)
     * @since 0.2
     */
    default void deleteGroup(String groupId) {
        throw new UnsupportedOperationException(describe() + " does not keep group results");
    }
}
