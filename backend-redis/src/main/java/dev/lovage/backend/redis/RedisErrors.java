package dev.lovage.backend.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * How Lovage tells a Redis connection error (retry: Redis may come back) from any other Redis error, the same way
 * for the result backend and the Redis broker. Stateless.
 *
 * @since 0.2
 */
public final class RedisErrors {
    private RedisErrors() {
    }

    /**
     * True for errors redis-py reports as {@code ConnectionError}/{@code TimeoutError} (which Celery and kombu
     * retry): Lettuce's connection and timeout exceptions, commands rejected or cancelled while disconnected, I/O
     * errors, and LOADING (redis-py's {@code BusyLoadingError} is a {@code ConnectionError}). Walks the causes.
     */
    public static boolean isConnectionError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException
                    || t instanceof RedisLoadingException || t instanceof IOException) {
                return true;
            }
            if (isDisconnectedMessage(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    // Lettuce's DefaultEndpoint fails commands with plain RedisExceptions carrying these messages while the
    // connection is down; "Connection is closed" (closed by us) is deliberately not among them.
    private static boolean isDisconnectedMessage(@Nullable String message) {
        return message != null && (message.startsWith("Currently not connected")
                || message.equals("Connection closed") || message.equals("Connection disconnected"));
    }
}
