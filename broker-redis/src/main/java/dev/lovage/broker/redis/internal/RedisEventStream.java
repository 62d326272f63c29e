package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.worker.broker.EventStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's monitoring events over Redis. {@code celeryev} is a fanout exchange on Redis ({@code get_exchange} in
 * celery/events/event.py), so an event is a PUBLISH to {@code /<db>.celeryev/<routing key>} and a receiver
 * PSUBSCRIBEs with its binding key ({@code #} read as {@code *}); like a Python receiver it also keeps a binding
 * of its queue ({@code celeryev.<uuid>}, 60 s {@code x-expires}) in the routing table. Thread-safe.
 */
public final class RedisEventStream implements EventStream {
    private static final Logger log = LoggerFactory.getLogger(RedisEventStream.class);
    private static final String EXCHANGE = "celeryev";
    // Mirrors Celery's event_queue_expires (60 s).
    private static final long QUEUE_EXPIRES_MS = 60_000;
    private static final MessageProperties JSON = new MessageProperties(null, "application/json", "utf-8", null, 0,
            null);
    private final RedisSession session;
    private final List<Future<?>> chores = new ArrayList<>();
    private final Map<String, String> queues = new LinkedHashMap<>();

    public RedisEventStream(RedisSession session) {
        this.session = session;
    }

    @Override
    public void publish(String routingKey, Map<String, Object> headers, byte[] body) {
        try {
            session.fanout().publish(EXCHANGE, routingKey, Envelope.encode(EXCHANGE, routingKey, JSON,
                    new LinkedHashMap<>(headers), body, KombuProducer.TRANSIENT, UUID.randomUUID().toString()));
        } catch (RuntimeException e) {
            // Events are transient and unconfirmed: a lost one is logged, never retried.
            log.debug("Event {} not sent: {}", routingKey, e.toString());
        }
    }

    @Override
    public synchronized void subscribe(String bindingKey, Consumer<byte[]> sink) {
        String queue = EXCHANGE + "." + UUID.randomUUID();
        RedisLink link = session.link();
        chores.add(session.housekeeper().every(Duration.ofMillis(Bindings.refreshEveryMillis(QUEUE_EXPIRES_MS)),
                "Refreshing the event binding",
                () -> link.bindings().bindExpiring(link.sync(), EXCHANGE, bindingKey, queue, QUEUE_EXPIRES_MS)));
        queues.put(queue, bindingKey);
        session.fanout().subscribe(EXCHANGE, bindingKey, envelope -> {
            try {
                sink.accept(envelope.body());
            } catch (ProtocolException e) {
                log.warn("Skipped an event with an unreadable body: {}", e.getMessage());
            }
        });
    }

    /** Stops receiving and removes the bindings, as kombu deletes an auto-delete fanout queue. */
    public synchronized void close() {
        chores.forEach(c -> c.cancel(false));
        chores.clear();
        queues.forEach((queue, bindingKey) -> {
            try {
                session.fanout().unsubscribe(EXCHANGE, bindingKey);
                session.link().bindings().delete(session.link().sync(), EXCHANGE, bindingKey, "", queue);
            } catch (RuntimeException e) {
                log.debug("Unsubscribing from events: {}", e.toString());
            }
        });
        queues.clear();
    }
}
