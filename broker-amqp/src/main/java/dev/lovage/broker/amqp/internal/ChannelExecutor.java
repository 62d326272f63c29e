package dev.lovage.broker.amqp.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread through which every operation on one channel passes: RabbitMQ's Java client says channels must
 * not be shared between threads, and task threads finish in any order.
 */
final class ChannelExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelExecutor.class);

    /** An operation on the channel. */
    @FunctionalInterface
    interface ChannelOp {
        void run() throws Exception;
    }

    private final ExecutorService thread;

    ChannelExecutor(String name) {
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name).daemon(true).factory());
    }

    /** Runs {@code op} on the channel thread; failures are logged with {@code what}, never thrown. */
    void submit(String what, ChannelOp op) {
        try {
            thread.execute(() -> {
                try {
                    op.run();
                } catch (Exception e) {
                    // Mirrors kombu's ack_log_error: the broker redelivers what was not acknowledged.
                    log.warn("Failed to {}: {}", what, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Could not {}: the channel is closed; the broker will redeliver the message", what);
        }
    }

    /** Runs {@code op} on the channel thread and waits for it; its failure is thrown to the caller. */
    void call(ChannelOp op) throws Exception {
        Future<?> done = thread.submit(() -> {
            op.run();
            return null;
        });
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        }
    }

    /** Waits for queued operations to finish, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
