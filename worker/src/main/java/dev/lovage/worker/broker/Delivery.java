package dev.lovage.worker.broker;

import dev.lovage.protocol.MessageProperties;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message as a {@link TaskConsumer} delivered it, before decoding.
 *
 * @param tag consumer-local, increasing in delivery order (RabbitMQ: the channel's delivery tag)
 * @param epoch which connection or channel incarnation delivered it (see {@link TaskConsumer#isLive})
 * @param queue the queue consumed from
 * @param headers the message headers in arrival order, text as {@link String}
 * @since 0.2
 */
public record Delivery(long tag, int epoch, String queue, String exchange, String routingKey, boolean redelivered,
        MessageProperties properties, Map<String, @Nullable Object> headers, byte[] body) {

    /** Names the delivery in log lines without its body. */
    public String describe() {
        return "delivery " + tag + " from queue '" + queue + "' (exchange '" + exchange + "', routing key '"
                + routingKey + "', correlation id " + properties.correlationId() + ", " + body.length + " bytes)";
    }
}
