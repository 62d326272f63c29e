package dev.lovage.broker.redis.internal;

import dev.lovage.worker.BrokerException;
import dev.lovage.worker.broker.ControlMailbox;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Celery's remote control over Redis: {@link Pidbox} behind the seam. */
public final class RedisControlMailbox implements ControlMailbox {
    private static final Logger log = LoggerFactory.getLogger(RedisControlMailbox.class);
    private final RedisSession session;
    private @Nullable Pidbox pidbox;

    public RedisControlMailbox(RedisSession session) {
        this.session = session;
    }

    private synchronized Pidbox pidbox() {
        if (pidbox == null) {
            pidbox = new Pidbox(session.link(), session.fanout(), session.producer(), session.housekeeper());
        }
        return pidbox;
    }

    @Override
    public void listen(String nodeName, Consumer<byte[]> sink) {
        try {
            pidbox().listen(nodeName, sink);
        } catch (RedisException e) {
            throw new BrokerException("cannot listen for remote control on " + session.describe() + ": "
                    + e.getMessage(), e, true);
        }
    }

    @Override
    public void reply(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {
        try {
            pidbox().reply(exchange, routingKey, headers, body);
        } catch (RedisException e) {
            log.warn("Could not send a remote-control reply to {}: {}", routingKey, e.getMessage());
        }
    }

    @Override
    public List<byte[]> broadcast(Map<String, Object> request, Duration wait) {
        try {
            return pidbox().broadcast(request, wait);
        } catch (RuntimeException e) {
            log.warn("Broadcast {} failed: {}", request.get("method"), e.getMessage());
            return List.of();
        }
    }

    /** Stops listening and removes this node's binding. */
    public synchronized void close() {
        if (pidbox != null) {
            pidbox.close();
            pidbox = null;
        }
    }
}
