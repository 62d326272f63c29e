package dev.lovage.worker.internal;

import dev.lovage.protocol.MessageProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A message the worker publishes (a retry today; canvas steps later). Headers keep their order. */
public record OutgoingMessage(String exchange, String routingKey, MessageProperties properties,
        Map<String, @Nullable Object> headers, byte[] body) {
    public OutgoingMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
