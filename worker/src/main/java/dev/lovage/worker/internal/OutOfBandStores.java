package dev.lovage.worker.internal;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.ResultBackend;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results stored outside a task run, whose messages are settled already: NotRegistered for unknown tasks and
 * REVOKED for remote-control revokes. Nothing bounds how fast such messages come, and while Redis is down each
 * store retries for 20 s, so at most {@value #MAX_PENDING} wait at once; past that a store is skipped and counted,
 * with one WARNING per episode. Thread-safe.
 */
public final class OutOfBandStores implements AutoCloseable {
    static final int MAX_PENDING = 1000;
    private static final Logger log = LoggerFactory.getLogger(OutOfBandStores.class);

    private final ResultBackend backend;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private final AtomicLong skipped = new AtomicLong();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("celery-store-", 0).factory());

    public OutOfBandStores(ResultBackend backend) {
        this.backend = backend;
    }

    /** Stores {@code meta} in the background, or skips it when {@value #MAX_PENDING} stores wait already. */
    public void store(ResultMeta meta, String what) {
        if (!pending.tryAcquire()) {
            if (skipped.getAndIncrement() == 0) {
                log.warn("{} stores of results outside tasks are waiting for the result backend; further ones are "
                        + "skipped until they drain (first skipped: {} of task {})", MAX_PENDING, what, meta.taskId());
            }
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    backend.store(meta);
                } catch (BackendException e) {
                    log.error("Could not store {} for task {}: {}", what, meta.taskId(), e.getMessage());
                } catch (RuntimeException e) {
                    log.error("Could not store {} for task {}: {}", what, meta.taskId(), e.toString(), e);
                } finally {
                    release();
                }
            });
        } catch (RuntimeException e) {
            release();
            log.debug("Not storing {} for task {}: shutting down", what, meta.taskId());
        }
    }

    private void release() {
        pending.release();
        if (pending.availablePermits() == MAX_PENDING) {
            long n = skipped.getAndSet(0);
            if (n > 0) {
                log.warn("Skipped storing {} results outside tasks while the result backend was slow or away", n);
            }
        }
    }

    /** Stores skipped since the last drain. */
    long skipped() {
        return skipped.get();
    }

    /** Stops taking stores; those under way finish in the background. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
