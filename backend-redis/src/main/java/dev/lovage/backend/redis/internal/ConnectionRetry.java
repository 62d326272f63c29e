package dev.lovage.backend.redis.internal;

import dev.lovage.backend.redis.RedisErrors;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.Sleeper;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Redis commands with the retry policy of Celery's {@code RedisBackend.ensure}: kombu's
 * {@code retry_over_time} with {@code max_retries=20, interval_start=0, interval_step=1, interval_max=1}. A
 * connection error is retried at once, then once a second; the 21st failure becomes a {@link BackendException}
 * whose {@code isConnectionError()} is true. Any other Redis error fails at once. Thread-safe.
 */
public final class ConnectionRetry {
    public static final int MAX_RETRIES = 20;
    private static final Logger log = LoggerFactory.getLogger(ConnectionRetry.class);

    private final Supplier<RedisCommands<String, String>> commands;
    private final String description;
    private final Sleeper sleeper;

    public ConnectionRetry(Supplier<RedisCommands<String, String>> commands, String description, Sleeper sleeper) {
        this.commands = commands;
        this.description = description;
        this.sleeper = sleeper;
    }

    /** Runs {@code command}; {@code what} completes "could not ..." in error messages. */
    public <T> T run(String what, Function<RedisCommands<String, String>, T> command) {
        for (int retries = 0; ; retries++) {
            try {
                return command.apply(commands.get());
            } catch (RedisException e) {
                if (!isConnectionError(e)) {
                    throw new BackendException("could not " + what + " on " + description + ": " + e.getMessage(), e,
                            false);
                }
                if (retries >= MAX_RETRIES) {
                    throw new BackendException("could not " + what + " on " + description + " after " + MAX_RETRIES
                            + " retries: " + e.getMessage(), e, true);
                }
                // Celery logs "Connection to Redis lost: Retry (%s/%s) %s." from RedisBackend.on_connection_error.
                log.warn("Connection to Redis lost: Retry ({}/{}) {}", retries + 1, MAX_RETRIES, e.toString());
                pause(interval(retries));
            }
        }
    }

    /** kombu's interval range for this policy: 0 s before the first retry, then 1 s. */
    static Duration interval(int retries) {
        return retries == 0 ? Duration.ZERO : Duration.ofSeconds(1);
    }

    private void pause(Duration interval) {
        if (!interval.isZero()) {
            sleeper.sleep(interval);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new BackendException("interrupted while waiting to retry " + description, null, true);
        }
    }

    /** See {@link RedisErrors#isConnectionError}. */
    public static boolean isConnectionError(Throwable error) {
        return RedisErrors.isConnectionError(error);
    }
}
