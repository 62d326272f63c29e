package dev.lovage.broker.redis.internal;

import dev.lovage.backend.redis.RedisErrors;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's periodic chores on one thread ({@code celery-redis-lease}): lease renewal, restore scans,
 * binding refreshes. A chore that fails is logged and tried again at its next turn. Thread-safe.
 */
public final class Housekeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("celery-redis-lease").daemon(true).factory());

    /** Runs {@code chore} now and then every {@code interval} after each run ends; cancel the result to stop. */
    public Future<?> every(Duration interval, String what, Runnable chore) {
        return timer.scheduleWithFixedDelay(() -> run(what, chore), 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code chore} once, as soon as the thread is free. */
    public void soon(String what, Runnable chore) {
        if (!timer.isShutdown()) {
            timer.execute(() -> run(what, chore));
        }
    }

    private static void run(String what, Runnable chore) {
        try {
            chore.run();
        } catch (RuntimeException e) {
            if (RedisErrors.isConnectionError(e)) {
                log.debug("{}: Redis unreachable ({}); trying again later", what, e.getMessage());
            } else {
                log.warn("{} failed: {}", what, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
