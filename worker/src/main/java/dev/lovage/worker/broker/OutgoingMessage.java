package dev.lovage.worker.broker;

import dev.lovage.protocol.MessageProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A message to publish. Headers keep their order (Celery's header order is visible to Python).
 *
 * @since 0.2
 */
public record OutgoingMessage(String exchange, String routingKey, MessageProperties properties,
        Map<String, @Nullable Object> headers, byte[] body) {
    public OutgoingMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
