package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.ProtocolException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts as kombu's Redis transport does them ({@code fanout} exchanges: remote control and events): PUBLISH
 * of the whole message to {@code <prefix>/<db>.<exchange>[/<routing key>]}, received by PSUBSCRIBE to the same name
 * with {@code #} as {@code *}. Nothing is stored: a subscriber that is not connected misses the message. One
 * Pub/Sub connection carries every subscription; Lettuce subscribes again after a reconnect. Thread-safe.
 */
public final class Fanout {
    private static final Logger log = LoggerFactory.getLogger(Fanout.class);
    private final RedisLink link;
    private final Map<String, List<Consumer<Envelope>>> sinks = new ConcurrentHashMap<>();
    private volatile boolean listening;

    public Fanout(RedisLink link) {
        this.link = link;
    }

    /** Publishes {@code message} (a kombu envelope) on {@code exchange} with {@code routingKey}. */
    public void publish(String exchange, String routingKey, String message) {
        link.sync().publish(link.keys().fanoutChannel(exchange, routingKey), message);
    }

    /**
     * Receives what is published on {@code exchange} matching {@code bindingKey}, on a Lettuce thread ({@code sink}
     * must not block). Messages that are not kombu envelopes are logged and skipped, as kombu does.
     */
    public void subscribe(String exchange, String bindingKey, Consumer<Envelope> sink) {
        String pattern = link.keys().fanoutPattern(exchange, bindingKey);
        StatefulRedisPubSubConnection<String, String> pubSub = link.pubSub();
        synchronized (this) {
            if (!listening) {
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String p, String channel, String message) {
                        dispatch(p, channel, message);
                    }

                    @Override
                    public void message(String channel, String message) {
                        dispatch(channel, channel, message);
                    }
                });
                listening = true;
            }
        }
        boolean first = sinks.computeIfAbsent(pattern, p -> new CopyOnWriteArrayList<>()).isEmpty();
        sinks.get(pattern).add(sink);
        if (first) {
            pubSub.sync().psubscribe(pattern);
        }
    }

    /** Stops every subscription of {@code exchange} with {@code bindingKey}. */
    public void unsubscribe(String exchange, String bindingKey) {
        String pattern = link.keys().fanoutPattern(exchange, bindingKey);
        if (sinks.remove(pattern) != null) {
            try {
                link.pubSub().sync().punsubscribe(pattern);
            } catch (RuntimeException e) {
                log.debug("PUNSUBSCRIBE {}: {}", pattern, e.toString());
            }
        }
    }

    private void dispatch(String pattern, String channel, String message) {
        List<Consumer<Envelope>> targets = sinks.get(pattern);
        if (targets == null || message.isEmpty()) {
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(message);
        } catch (ProtocolException e) {
            // Mirrors kombu's "Cannot process event on channel %r" warning: skipped, nothing else affected.
            log.warn("Cannot process event on channel {}: {}", channel,
                    message.length() > 4096 ? message.substring(0, 4096) : message);
            return;
        }
        for (Consumer<Envelope> sink : targets) {
            try {
                sink.accept(envelope);
            } catch (RuntimeException e) {
                log.warn("A broadcast receiver for {} failed: {}", channel, e.toString());
            }
        }
    }
}
