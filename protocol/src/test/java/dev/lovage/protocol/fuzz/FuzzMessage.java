package dev.lovage.protocol.fuzz;

import dev.lovage.protocol.MessageProperties;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One generated message as a producer would publish it: AMQP properties, application headers of plain values
 * (String, numbers, Boolean, List, Map, null) and the raw body.
 *
 * @param kind what made it (the seed and mutation), for reports
 */
public record FuzzMessage(String kind, MessageProperties properties, Map<String, @Nullable Object> headers,
        byte[] body) {
    @Override
    public String toString() {
        return kind + " (" + body.length + " bytes, content type " + properties.contentType() + ", headers "
                + headers.keySet() + ")";
    }
}
