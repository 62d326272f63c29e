package dev.lovage.backend.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Result stores from many task threads, written to Redis as pipelines on a connection that does not flush per
 * command. There is no writer thread: the task thread that finds no batch being sent becomes the sender, takes every
 * store waiting (its own and those that arrived meanwhile), sends them and flushes once; the others only queue their
 * store. Each task thread still waits for its own reply, so a store returns only once Redis has it, exactly as a
 * single command would.
 *
 * <p>The sender never waits for replies: the next batch can go out while Redis answers the previous one.
 */
public final class StorePipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorePipeline.class);
    private static final int MAX_BATCH = 512;

    private record Store(String sha, byte[] key, byte[][] args, CompletableFuture<Object> reply) {
    }

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> commands;
    private final ConcurrentLinkedQueue<Store> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sending = new ReentrantLock();
    private volatile boolean open = true;

    /**
     * Takes over {@code connection} (flushing becomes this pipeline's job) and closes it on {@link #close()}. Its
     * codec is bytes: the documents arrive as text and are written as UTF-8 once, here, not by the encoder.
     */
    public StorePipeline(StatefulRedisConnection<byte[], byte[]> connection) {
        this.connection = connection;
        connection.setAutoFlushCommands(false);
        this.commands = connection.async();
    }

    /**
     * Runs {@code script} (by its SHA) with one key and waits for the reply. Throws what the command would: a
     * {@link RedisException} (connection errors and timeouts included, for the caller's retries).
     */
    public Object evalsha(String sha, String key, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        Store store = new Store(sha, key.getBytes(StandardCharsets.UTF_8), values, new CompletableFuture<>());
        if (!open) {
            throw new RedisException("Connection is closed");
        }
        waiting.add(store);
        sendWaiting();
        try {
            // Untimed: the client's command timeout fails the reply once the command is sent, and a sender fails
            // what it cannot send. A timed wait would cost every task thread a timer of its own.
            return store.reply().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException r ? r : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        }
    }

    // A thread whose tryLock fails queued its store before it tried, and the holder looks at the queue again after
    // it unlocks, so no store is left waiting without a sender.
    private void sendWaiting() {
        while (!waiting.isEmpty() && sending.tryLock()) {
            List<Store> batch = new ArrayList<>();
            try {
                Store s;
                while (batch.size() < MAX_BATCH && (s = waiting.poll()) != null) {
                    batch.add(s);
                    send(s);
                }
                connection.flushCommands();
            } catch (RuntimeException | Error e) {
                // What the client refused fails its own stores; later stores try again.
                log.debug("Result pipeline: {}", e.toString());
                for (Store s : batch) {
                    s.reply().completeExceptionally(e instanceof RedisException ? e : new RedisException(e));
                }
            } finally {
                sending.unlock();
            }
        }
    }

    private void send(Store s) {
        RedisFuture<Object> reply = commands.evalsha(s.sha(), ScriptOutputType.INTEGER, new byte[][] {s.key()},
                s.args());
        reply.whenComplete((value, error) -> {
            if (error != null) {
                s.reply().completeExceptionally(error);
            } else {
                s.reply().complete(value);
            }
        });
    }

    /** Fails what still waits and closes the connection. */
    @Override
    public void close() {
        open = false;
        sending.lock();
        try {
            Store s;
            while ((s = waiting.poll()) != null) {
                s.reply().completeExceptionally(new RedisException("Connection is closed"));
            }
        } finally {
            sending.unlock();
        }
        connection.close();
    }
}
