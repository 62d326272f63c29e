package dev.lovage.backend.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.worker.BackendException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class ConnectionRetryTest {
    private final List<Duration> sleeps = new ArrayList<>();
    private final ConnectionRetry retry = new ConnectionRetry(() -> null, "redis://cache/0", sleeps::add);

    @Test
    void retriesConnectionErrorsAtOnceThenOnceASecond() {
        AtomicInteger calls = new AtomicInteger();
        String value = retry.run("read", r -> {
            if (calls.incrementAndGet() <= 3) {
                throw new RedisConnectionException("Connection refused");
            }
            return "ok";
        });
        assertThat(value).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        // kombu's interval range 0, 1, 1: the first retry does not sleep at all.
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void givesUpAfterTwentyRetriesWithAConnectionError() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("store the result of t", r -> {
            calls.incrementAndGet();
            throw new RedisException("Currently not connected. Commands are rejected.");
        })).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.isConnectionError()).isTrue();
            assertThat(e).hasMessageContaining("store the result of t").hasMessageContaining("redis://cache/0");
        });
        assertThat(calls).hasValue(ConnectionRetry.MAX_RETRIES + 1);
        assertThat(sleeps).hasSize(ConnectionRetry.MAX_RETRIES - 1);
    }

    @Test
    void doesNotRetryCommandErrors() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("store", r -> {
            calls.incrementAndGet();
            throw new RedisCommandExecutionException("ERR wrong number of arguments");
        })).isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isConnectionError()).isFalse());
        assertThat(calls).hasValue(1);
    }

    @Test
    void classifiesErrorsAsRedisPyDoes() {
        assertThat(ConnectionRetry.isConnectionError(new RedisConnectionException("refused"))).isTrue();
        assertThat(ConnectionRetry.isConnectionError(new RedisCommandTimeoutException("5 s"))).isTrue();
        assertThat(ConnectionRetry.isConnectionError(new RedisLoadingException("LOADING"))).isTrue();
        assertThat(ConnectionRetry.isConnectionError(new RedisException(new IOException("reset by peer")))).isTrue();
        assertThat(ConnectionRetry.isConnectionError(new RedisException("Connection closed"))).isTrue();
        assertThat(ConnectionRetry.isConnectionError(new RedisException("Connection is closed"))).isFalse();
        assertThat(ConnectionRetry.isConnectionError(new RedisCommandExecutionException("NOSCRIPT"))).isFalse();
    }

    @Test
    void stopsRetryingWhenInterrupted() {
        ConnectionRetry interrupted = new ConnectionRetry(() -> null, "redis://cache/0",
                d -> Thread.currentThread().interrupt());
        AtomicInteger calls = new AtomicInteger();
        try {
            assertThatThrownBy(() -> interrupted.run("store", r -> {
                calls.incrementAndGet();
                throw new RedisConnectionException("refused");
            })).isInstanceOf(BackendException.class).hasMessageContaining("interrupted");
            assertThat(calls).hasValue(2);
        } finally {
            Thread.interrupted();
        }
    }
}
