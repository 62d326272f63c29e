package dev.lovage.client.internal;

import dev.lovage.backend.redis.RedisResultConsumer;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.worker.ResultBackend;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/** Waits for a result to be ready: by Redis Pub/Sub, or by polling any other backend. */
interface ResultWaiter extends AutoCloseable {

    /** The ready result within {@code timeout}, or null. */
    @Nullable ResultMeta await(String id, Duration timeout);

    /** The stored result now, read once (no retries), or null. */
    @Nullable ResultMeta peek(String id);

    @Override
    void close();

    ResultWaiter NONE = new ResultWaiter() {
        @Override
        public @Nullable ResultMeta await(String id, Duration timeout) {
            throw new IllegalStateException("no result backend is configured");
        }

        @Override
        public @Nullable ResultMeta peek(String id) {
            throw new IllegalStateException("no result backend is configured");
        }

        @Override
        public void close() {
        }
    };

    /** Celery's Redis result consumer. */
    record PubSub(RedisResultConsumer consumer) implements ResultWaiter {
        @Override
        public @Nullable ResultMeta await(String id, Duration timeout) {
            return consumer.await(id, timeout);
        }

        @Override
        public @Nullable ResultMeta peek(String id) {
            return consumer.peek(id);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Celery's polling for backends without Pub/Sub: every 0.5 s. */
    record Polling(ResultBackend backend) implements ResultWaiter {
        @Override
        public @Nullable ResultMeta peek(String id) {
            return backend.get(id);
        }

        @Override
        public @Nullable ResultMeta await(String id, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                ResultMeta meta = backend.get(id);
                if (meta != null && meta.status().isReady()) {
                    return meta;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(left, RedisResultConsumer.POLL_INTERVAL.toNanos()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the result of " + id);
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
