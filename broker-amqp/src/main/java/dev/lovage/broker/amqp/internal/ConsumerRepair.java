package dev.lovage.broker.amqp.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a repair of the consumer (consume a queue again, open a new channel) until it works or the consumer is
 * closed: at once, then every {@link #INTERVAL}, as Celery's consumer restarts itself. Its own thread, so a repair
 * never waits on the client's dispatch threads. Thread-safe.
 */
final class ConsumerRepair implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ConsumerRepair.class);

    /** One attempt. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private final BooleanSupplier closed;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("celery-consumer-repair").daemon(true).factory());

    ConsumerRepair(BooleanSupplier closed) {
        this.closed = closed;
    }

    void retry(String what, Attempt attempt) {
        schedule(what, attempt, Duration.ZERO, 1);
    }

    private void schedule(String what, Attempt attempt, Duration delay, int n) {
        try {
            thread.schedule(() -> {
                if (closed.getAsBoolean()) {
                    return;
                }
                try {
                    attempt.run();
                } catch (Exception e) {
                    log.warn("Could not {} (attempt {}): {}; trying again in {} s", what, n, AmqpErrors.reason(e),
                            INTERVAL.toSeconds());
                    schedule(what, attempt, INTERVAL, n + 1);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Not trying to {}: the consumer is closed", what);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
