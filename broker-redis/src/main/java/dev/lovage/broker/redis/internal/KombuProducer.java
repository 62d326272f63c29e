package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.MessageProperties;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes as a kombu producer on Redis does ({@code basic_publish} in virtual/base.py): the message as a kombu
 * envelope with a fresh uuid4 {@code delivery_tag}, LPUSHed to the list of its priority step in each queue the
 * exchange routes it to. The LPUSH reply is the confirm. Thread-safe.
 */
public final class KombuProducer {
    private static final Logger log = LoggerFactory.getLogger(KombuProducer.class);
    /** kombu's persistent delivery mode, what Celery sends tasks with. */
    public static final int PERSISTENT = 2;
    /** kombu's transient delivery mode, for control replies and events. */
    public static final int TRANSIENT = 1;

    private final RedisLink link;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    public KombuProducer(RedisLink link) {
        this.link = link;
    }

    /**
     * Routes and pushes one message; returns how many queues got it. None when a named exchange has no binding
     * for the routing key: kombu drops such a message silently; Lovage drops it too, with a warning.
     */
    public int publish(String exchange, String routingKey, MessageProperties props,
            Map<String, @Nullable Object> headers, byte[] body, int deliveryMode) {
        String message = Envelope.encode(exchange, routingKey, props, headers, body, deliveryMode,
                UUID.randomUUID().toString());
        RedisCommands<String, String> redis = link.sync();
        List<String> queues = link.bindings().lookup(redis, exchange, routingKey);
        if (queues.isEmpty()) {
            log.warn("Message to exchange '{}' with routing key '{}' dropped: no queue is bound to it", exchange,
                    routingKey);
            return 0;
        }
        int priority = props.priority() == null ? 0 : props.priority();
        for (String queue : queues) {
            redis.lpush(link.keys().queueKey(queue, priority), message);
        }
        return queues.size();
    }

    /**
     * Declares {@code queue} as Celery declares a missing queue (a direct exchange of the same name, bound with
     * the queue's name), once per producer.
     */
    public void declareQueue(String queue) {
        if (declared.add(queue)) {
            link.bindings().bind(link.sync(), queue, queue, "", queue);
        }
    }
}
