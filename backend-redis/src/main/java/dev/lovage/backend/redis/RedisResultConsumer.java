package dev.lovage.backend.redis;

import dev.lovage.backend.redis.internal.ConnectionRetry;
import dev.lovage.backend.redis.internal.Keys;
import dev.lovage.protocol.codec.ResultMetaCodec;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.worker.BackendException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Waits for task results as Celery's Redis result consumer does (celery/backends/redis.py {@code ResultConsumer}):
 * subscribed to the result's Pub/Sub channel (its key), so a worker's {@code PUBLISH} wakes the waiter at once, and
 * reading the key itself first and then now and again, so a result stored before the subscription, or announced while
 * the Pub/Sub connection was being re-established, is not missed. One Pub/Sub connection, opened on first use, serves
 * every waiter; results are read on the backend's connection. Without Pub/Sub (a borrowed connection, or Redis down
 * when subscribing) it polls every {@link #POLL_INTERVAL}.
 *
 * <p>Thread-safe. Ownership: {@link #close()} closes the Pub/Sub connection only; the backend stays open.
 *
 * @since 0.2
 */
public final class RedisResultConsumer implements AutoCloseable {
    /** How often the key is read while waiting without Pub/Sub (Celery's default polling interval). */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** How often the key is read anyway while subscribed, in case an announcement was lost. */
    public static final Duration RECHECK_INTERVAL = Duration.ofSeconds(1);

    private final RedisResultBackend backend;
    private final Keys keys;
    private final Map<String, Channel> channels = new HashMap<>();
    private @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
    private long subscribeFailedAt;
    private boolean failedBefore;
    private boolean closed;

    // Waiters on one key: the monitor they wait on, and how many there are.
    private static final class Channel {
        int waiters;
        boolean subscribed;
    }

    private RedisResultConsumer(RedisResultBackend backend) {
        this.backend = backend;
        this.keys = backend.keys();
    }

    /** A consumer reading results from {@code backend}, which must stay open while it is used. */
    public static RedisResultConsumer create(RedisResultBackend backend) {
        return new RedisResultConsumer(backend);
    }

    /**
     * The result of {@code taskId} once it is ready (SUCCESS, FAILURE or REVOKED), waiting up to {@code timeout}.
     *
     * @return the ready result, or null when it was not ready within {@code timeout} (the state may be read with
     *         {@link RedisResultBackend#get})
     * @throws BackendException      (a connection error) when the timeout passed and Redis could not be read at its
     *                               end, naming the backend and the cause
     * @throws CancellationException when the waiting thread is interrupted (its interrupt flag is set again)
     */
    public @Nullable ResultMeta await(String taskId, Duration timeout) {
        String key = keys.task(taskId);
        long deadline = System.nanoTime() + timeout.toNanos();
        Channel channel = join(key);
        try {
            // Subscribed before the first read, so a result stored in between still wakes this waiter.
            subscribe(key, channel);
            RedisException lastError = null;
            while (true) {
                try {
                    String json = backend.connection().sync().get(key);
                    lastError = null;
                    if (json != null) {
                        ResultMeta meta = ResultMetaCodec.decode(json);
                        if (meta.status().isReady()) {
                            return meta;
                        }
                    }
                } catch (RedisException e) {
                    if (!ConnectionRetry.isConnectionError(e)) {
                        throw new BackendException("could not read the result of " + taskId + " from "
                                + backend.describe() + ": " + e.getMessage(), e, false);
                    }
                    lastError = e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (lastError != null) {
                        throw new BackendException("the result backend " + backend.describe() + " could not be "
                                + "reached while waiting for the result of " + taskId + " (" + timeout.toMillis()
                                + " ms): " + lastError.getMessage(), lastError, true);
                    }
                    return null;
                }
                if (!channel.subscribed) {
                    subscribe(key, channel);
                }
                Duration pause = channel.subscribed && lastError == null ? RECHECK_INTERVAL : POLL_INTERVAL;
                sleepOn(channel, Math.min(left, pause.toNanos()), taskId);
            }
        } finally {
            leave(key, channel);
        }
    }

    /**
     * The stored result of {@code taskId} now, read once, without the backend's retries: what a waiter checks
     * between waits.
     *
     * @return the result, or null when none is stored
     * @throws BackendException (a connection error when Redis cannot be reached) when it cannot be read
     */
    public @Nullable ResultMeta peek(String taskId) {
        try {
            String json = backend.connection().sync().get(keys.task(taskId));
            return json == null ? null : ResultMetaCodec.decode(json);
        } catch (RedisException e) {
            throw new BackendException("could not read the result of " + taskId + " from " + backend.describe()
                    + ": " + e.getMessage(), e, ConnectionRetry.isConnectionError(e));
        }
    }

    private void sleepOn(Channel channel, long nanos, String taskId) {
        synchronized (channel) {
            try {
                channel.wait(Math.max(1, nanos / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for the result of " + taskId);
            }
        }
    }

    private synchronized Channel join(String key) {
        if (closed) {
            throw new IllegalStateException("the result consumer is closed");
        }
        Channel c = channels.computeIfAbsent(key, k -> new Channel());
        c.waiters++;
        return c;
    }

    private synchronized void leave(String key, Channel channel) {
        if (--channel.waiters > 0) {
            return;
        }
        channels.remove(key);
        if (channel.subscribed && pubsub != null && pubsub.isOpen()) {
            // Mirrors ResultConsumer.cancel_for: nobody waits for this task any more.
            pubsub.async().unsubscribe(key);
        }
    }

    // Subscribes on the shared connection; on failure the waiter keeps polling and tries again next round.
    private synchronized void subscribe(String key, Channel channel) {
        RedisClient client = backend.client();
        if (client == null || closed || channel.subscribed) {
            return;
        }
        // After a failure, try again at most every RECHECK_INTERVAL: a connect attempt may take a while.
        if (failedBefore && System.nanoTime() - subscribeFailedAt < RECHECK_INTERVAL.toNanos()) {
            return;
        }
        try {
            if (pubsub == null || !pubsub.isOpen()) {
                pubsub = client.connectPubSub();
                pubsub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String ch, String message) {
                        wake(ch);
                    }
                });
            }
            // Lettuce subscribes again by itself after a reconnect; the periodic read covers the gap.
            pubsub.sync().subscribe(key);
            channel.subscribed = true;
            failedBefore = false;
        } catch (RedisException e) {
            // Redis is away: polling goes on, and the deadline decides.
            failedBefore = true;
            subscribeFailedAt = System.nanoTime();
        }
    }

    private void wake(String key) {
        Channel c;
        synchronized (this) {
            c = channels.get(key);
        }
        if (c != null) {
            synchronized (c) {
                c.notifyAll();
            }
        }
    }

    /** Closes the Pub/Sub connection; waiters still waiting fall back to polling. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pubsub != null) {
            pubsub.close();
            pubsub = null;
        }
    }
}
