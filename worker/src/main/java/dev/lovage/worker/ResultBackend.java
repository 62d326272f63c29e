package dev.lovage.worker;

import dev.lovage.protocol.ResultMeta;
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

    /** Deletes the stored result of {@code taskId}; a no-op when none is stored. */
    void forget(String taskId);

    /** A short description for logs, with any password masked. */
    String describe();
}
