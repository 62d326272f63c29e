package dev.lovage.worker.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Runs a task body under Celery's time limits. The body runs on a thread of its own: at the soft limit that thread
 * is interrupted (and {@code checkSoftTimeLimit()} starts throwing); at the hard limit the caller stops waiting,
 * so the concurrency slot is freed at once. A body that ignores interruption keeps its virtual thread until it
 * returns, and whatever it returns then is dropped.
 */
final class TimeLimits implements AutoCloseable {
    /** The hard limit passed; the task is abandoned. */
    static final class HardLimitExceeded extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Duration limit;

        HardLimitExceeded(Duration limit) {
            super("TimeLimitExceeded(" + limit + ")", null, false, false);
            this.limit = limit;
        }

        Duration limit() {
            return limit;
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("celery-timer").daemon(true).factory());

    @Nullable Object call(Callable<@Nullable Object> body, @Nullable Duration hard, @Nullable Duration soft,
            AtomicBoolean softPassed) throws Exception {
        CompletableFuture<@Nullable Object> done = new CompletableFuture<>();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Thread worker = Thread.ofVirtual().name("celery-task-limited").start(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                done.complete(body.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                MDC.clear();
            }
        });
        ScheduledFuture<?> softTimer = soft == null ? null : timer.schedule(() -> {
            softPassed.set(true);
            worker.interrupt();
        }, soft.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return hard == null ? done.get() : done.get(hard.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new HardLimitExceeded(hard);
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        } finally {
            if (softTimer != null) {
                softTimer.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
