package dev.lovage.worker.internal;

import dev.lovage.worker.WorkerPool;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where task bodies run: a virtual thread per task capped by a semaphore of {@code worker_concurrency} permits
 * (acquired inside the task thread, so the broker thread never waits), or a fixed pool of platform threads. Tasks
 * with an eta wait on the {@code celery-eta} scheduler first. The number of waiting tasks is bounded by the broker's
 * prefetch count.
 */
public final class TaskPool {
    private static final Logger log = LoggerFactory.getLogger(TaskPool.class);

    private final ExecutorService executor;
    private final ScheduledExecutorService eta;
    private final Semaphore permits;
    private final AtomicBoolean draining = new AtomicBoolean();

    public TaskPool(WorkerPool kind, int concurrency) {
        this.executor = kind == WorkerPool.VIRTUAL
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("celery-task-", 0).factory())
                : Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("celery-task-", 0).factory());
        this.eta = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("celery-eta").daemon(true)
                .factory());
        this.permits = new Semaphore(concurrency, true);
    }

    /** Runs {@code task} after {@code delay} once a concurrency slot is free; skipped if draining by then. */
    public void submit(Runnable task, Duration delay) {
        if (draining.get()) {
            throw new RejectedExecutionException("draining");
        }
        if (delay.isNegative() || delay.isZero()) {
            executor.execute(() -> runCapped(task));
        } else {
            eta.schedule(() -> {
                try {
                    executor.execute(() -> runCapped(task));
                } catch (RejectedExecutionException e) {
                    log.debug("ETA task not started: shutting down");
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Runs short bookkeeping I/O (not a task body) outside the concurrency cap. */
    public void submitUncapped(Runnable work) {
        executor.execute(work);
    }

    private void runCapped(Runnable task) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (!draining.get()) {
                task.run();
            }
        } finally {
            permits.release();
        }
    }

    /** Warm shutdown: no new starts; waits up to {@code timeout} for running tasks. True if all finished. */
    public boolean drain(Duration timeout) {
        draining.set(true);
        eta.shutdownNow();
        executor.shutdown();
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Cold shutdown: interrupts running tasks. */
    public void shutdownNow() {
        draining.set(true);
        eta.shutdownNow();
        executor.shutdownNow();
    }

    public boolean isDraining() {
        return draining.get();
    }

    /** Tasks running now. */
    public int active(int concurrency) {
        return concurrency - permits.availablePermits();
    }
}
