package dev.lovage.worker.internal;

import dev.lovage.protocol.MessageProperties;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message as the transport delivered it, before decoding.
 *
 * @param tag the broker's delivery tag, valid only on the channel that delivered it
 * @param queue the queue consumed from
 */
public record Delivery(long tag, String queue, String exchange, String routingKey, boolean redelivered,
        MessageProperties properties, Map<String, @Nullable Object> headers, byte[] body) {

    /** Names the delivery in log lines without its body. */
    public String describe() {
        return "delivery " + tag + " from queue '" + queue + "' (exchange '" + exchange + "', routing key '"
                + routingKey + "', correlation id " + properties.correlationId() + ", " + body.length + " bytes)";
    }
}
