package dev.lovage.broker.redis.internal;

import dev.lovage.backend.redis.RedisErrors;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgements and requeues, sent from one thread ({@code celery-redis-acks}) so that the acks of a burst go
 * out as one script. A settled message stops counting against the prefetch window at once; it stays held (and its
 * lease renewed) until Redis confirmed, and a connection error keeps it queued here until Redis is back.
 */
final class Settler {
    private static final Logger log = LoggerFactory.getLogger(Settler.class);
    private static final int MAX_BATCH = 500;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private record Job(Held held, boolean requeue) {
    }

    private final RedisLink link;
    private final HeldMessages held;
    private final Prefetch prefetch;
    private final Restorer restorer;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private @Nullable Thread thread;

    Settler(RedisLink link, HeldMessages held, Prefetch prefetch, Restorer restorer) {
        this.link = link;
        this.held = held;
        this.prefetch = prefetch;
        this.restorer = restorer;
    }

    synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().name("celery-redis-acks").daemon(true).start(this::loop);
        }
    }

    /** Queues the ack (or reject without requeue) of {@code tag}; false if it is not held. */
    boolean ack(long tag) {
        return submit(tag, false);
    }

    /** Queues a requeue (to the tail of its queue, as kombu's reject with requeue); false if it is not held. */
    boolean requeue(long tag) {
        return submit(tag, true);
    }

    private boolean submit(long tag, boolean requeue) {
        Held h = held.get(tag);
        if (h == null || !held.settling(tag)) {
            return false;
        }
        jobs.add(new Job(h, requeue));
        prefetch.ring();
        return true;
    }

    /** Sends what is queued (waiting for Redis up to {@code timeout}), then stops the thread. */
    void stop(Duration timeout) {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!jobs.isEmpty() && System.nanoTime() < deadline && t != null && t.isAlive()) {
            sleep(Duration.ofMillis(10));
        }
        running = false;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        List<Job> batch = new ArrayList<>();
        while (running) {
            try {
                Job first = jobs.poll(250, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                jobs.drainTo(batch, MAX_BATCH - 1);
                send(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RedisException e) {
                if (!RedisErrors.isConnectionError(e)) {
                    log.error("Acknowledging {} message(s) failed: {}; trying again", batch.size(), e.getMessage());
                }
                // Kept, in order: held messages are still renewed, so nothing is restored meanwhile.
                List<Job> again = new ArrayList<>(batch);
                jobs.drainTo(again);
                jobs.addAll(again);
                batch.clear();
                sleep(RETRY);
            }
        }
    }

    private void send(List<Job> batch) {
        List<String> args = new ArrayList<>(batch.size() * 2);
        List<Held> acked = new ArrayList<>(batch.size());
        for (Job job : batch) {
            if (job.requeue()) {
                restorer.restoreOwn(job.held(), true);
                held.remove(job.held().tag());
            } else if (job.held().recordSha() != null) {
                args.add(job.held().deliveryTag());
                args.add(job.held().recordSha());
                acked.add(job.held());
            } else {
                held.remove(job.held().tag());
            }
        }
        if (!args.isEmpty()) {
            Scripts.ACK.run(link.sync(), ScriptOutputType.INTEGER,
                    new String[] {link.keys().unacked(), link.keys().unackedIndex()}, args.toArray(String[]::new));
            acked.forEach(h -> held.remove(h.tag()));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
