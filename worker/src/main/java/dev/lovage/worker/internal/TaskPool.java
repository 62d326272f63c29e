package dev.lovage.worker.internal;

import dev.lovage.worker.WorkerPool;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
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
    // A far eta is just a long wait, as on a Python worker; it is waited for in steps of at most this, so no delay
    // ever overflows a nanosecond count (an eta after 2262 did, and the exception stopped the consumer).
    static final Duration MAX_STEP = Duration.ofHours(1);

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

    /** A task waiting for its eta; {@link #cancel()} keeps it from starting. */
    public static final class Wait {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile @Nullable Future<?> step;

        /** True if this call cancelled it before it was handed to a task thread. */
        public boolean cancel() {
            if (!cancelled.compareAndSet(false, true)) {
                return false;
            }
            Future<?> f = step;
            if (f != null) {
                f.cancel(false);
            }
            return true;
        }

        // Claimed by whichever comes first: the start or a cancel.
        boolean claim() {
            return cancelled.compareAndSet(false, true);
        }
    }

    /**
     * Runs {@code task} after {@code delay} once a concurrency slot is free; skipped if draining by then.
     *
     * @return the wait, which can cancel a task that has not started
     * @throws RejectedExecutionException when draining
     */
    public Wait submit(Runnable task, Duration delay) {
        if (draining.get()) {
            throw new RejectedExecutionException("draining");
        }
        Wait wait = new Wait();
        if (delay.isNegative() || delay.isZero()) {
            wait.claim();
            executor.execute(() -> runCapped(task));
        } else {
            schedule(wait, task, delay);
        }
        return wait;
    }

    private void schedule(Wait wait, Runnable task, Duration remaining) {
        Duration step = remaining.compareTo(MAX_STEP) > 0 ? MAX_STEP : remaining;
        Duration left = remaining.minus(step);
        try {
            wait.step = eta.schedule(() -> {
                if (left.isPositive()) {
                    schedule(wait, task, left);
                } else if (wait.claim()) {
                    executor.execute(() -> runCapped(task));
                }
            }, step.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("ETA task not started: shutting down");
        }
    }

    /** Runs {@code work} every {@code period} on the scheduler thread until shutdown; it must be short. */
    public void every(Duration period, Runnable work) {
        eta.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                log.error("Periodic worker job failed: {}", t.toString(), t);
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
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
