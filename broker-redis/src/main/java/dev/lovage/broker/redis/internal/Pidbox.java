package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.codec.PyJson;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's remote control on Redis (kombu/pidbox.py over the Redis transport): requests are broadcast on the
 * {@code celery.pidbox} fanout exchange, so a node receives them by PSUBSCRIBE and keeps a binding of its node
 * queue {@code <node>.celery.pidbox} (10 s {@code x-expires}, refreshed as kombu 5.7 refreshes it); replies are
 * ordinary direct publishes to {@code reply.celery.pidbox}, whose routing table sends them to the requester's
 * {@code <oid>.reply.celery.pidbox} list. Thread-safe.
 */
public final class Pidbox {
    private static final Logger log = LoggerFactory.getLogger(Pidbox.class);
    static final String EXCHANGE = "celery.pidbox";
    static final String REPLY_EXCHANGE = "reply.celery.pidbox";
    // Mirrors Celery's control_queue_expires (10 s) for node and reply queues.
    private static final long QUEUE_EXPIRES_MS = 10_000;
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(60);
    private static final MessageProperties JSON = new MessageProperties(null, "application/json", "utf-8", null, 0,
            null);

    private final RedisLink link;
    private final Fanout fanout;
    private final KombuProducer producer;
    private final Housekeeper housekeeper;
    private final List<Future<?>> chores = new ArrayList<>();
    private @Nullable String nodeQueue;

    public Pidbox(RedisLink link, Fanout fanout, KombuProducer producer, Housekeeper housekeeper) {
        this.link = link;
        this.fanout = fanout;
        this.producer = producer;
        this.housekeeper = housekeeper;
    }

    /** Receives the requests broadcast to every node (the worker filters by destination); bodies on a Lettuce thread. */
    public synchronized void listen(String nodeName, Consumer<byte[]> sink) {
        String queue = nodeName + "." + EXCHANGE;
        nodeQueue = queue;
        Duration refresh = Duration.ofMillis(Bindings.refreshEveryMillis(QUEUE_EXPIRES_MS));
        chores.add(housekeeper.every(refresh, "Refreshing the remote-control binding",
                () -> link.bindings().bindExpiring(link.sync(), EXCHANGE, "", queue, QUEUE_EXPIRES_MS)));
        chores.add(housekeeper.every(SWEEP_EVERY, "Sweeping expired bindings",
                () -> link.bindings().sweep(link.sync())));
        fanout.subscribe(EXCHANGE, "", envelope -> {
            try {
                sink.accept(envelope.body());
            } catch (ProtocolException e) {
                log.warn("Skipped a remote-control message with an unreadable body: {}", e.getMessage());
            }
        });
    }

    /** Sends a reply as kombu's Node.reply does: a direct publish the reply exchange routes to the requester. */
    public void reply(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {
        producer.publish(exchange, routingKey, JSON, new LinkedHashMap<>(headers), body, KombuProducer.TRANSIENT);
    }

    /**
     * Broadcasts {@code request} ({@code method}, {@code arguments}, {@code destination}...) and, with a wait,
     * collects the replies arriving within it on a reply queue of its own, as {@code Mailbox._broadcast} does.
     */
    public List<byte[]> broadcast(Map<String, Object> request, Duration wait) {
        String oid = UUID.randomUUID().toString();
        String replyQueue = oid + "." + REPLY_EXCHANGE;
        RedisCommands<String, String> redis = link.sync();
        boolean replies = !wait.isZero() && !wait.isNegative();
        if (replies) {
            link.bindings().bindExpiring(redis, REPLY_EXCHANGE, oid, replyQueue, QUEUE_EXPIRES_MS);
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>(request);
            body.put("ticket", UUID.randomUUID().toString());
            if (replies) {
                body.put("reply_to", Map.of("exchange", REPLY_EXCHANGE, "routing_key", oid));
            }
            Map<String, @Nullable Object> headers = new LinkedHashMap<>();
            headers.put("clock", 1);
            headers.put("expires", link.clock().millis() / 1000.0 + wait.toMillis() / 1000.0);
            fanout.publish(EXCHANGE, "", Envelope.encode(EXCHANGE, "", JSON, headers,
                    PyJson.write(body).getBytes(StandardCharsets.UTF_8), KombuProducer.PERSISTENT,
                    UUID.randomUUID().toString()));
            return replies ? collect(redis, replyQueue, wait) : List.of();
        } finally {
            if (replies) {
                link.bindings().delete(redis, REPLY_EXCHANGE, oid, "", replyQueue);
            }
        }
    }

    private List<byte[]> collect(RedisCommands<String, String> redis, String replyQueue, Duration wait) {
        List<byte[]> out = new ArrayList<>();
        List<String> lists = link.keys().queueKeys(replyQueue);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            boolean got = false;
            for (String list : lists) {
                String item;
                while ((item = redis.rpop(list)) != null) {
                    got = true;
                    try {
                        out.add(Envelope.parse(item).body());
                    } catch (ProtocolException e) {
                        log.warn("Skipped an unreadable remote-control reply: {}", e.getMessage());
                    }
                }
            }
            if (!got) {
                try {
                    Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return out;
    }

    /** Stops listening and removes the node queue's binding, as kombu deletes an auto-delete fanout queue. */
    public synchronized void close() {
        chores.forEach(c -> c.cancel(false));
        chores.clear();
        fanout.unsubscribe(EXCHANGE, "");
        if (nodeQueue != null) {
            try {
                link.bindings().delete(link.sync(), EXCHANGE, "", "", nodeQueue);
            } catch (RuntimeException e) {
                log.debug("Removing the binding of {}: {}", nodeQueue, e.toString());
            }
            nodeQueue = null;
        }
    }
}
