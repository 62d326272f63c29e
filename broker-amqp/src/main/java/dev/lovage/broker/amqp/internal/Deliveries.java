package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.broker.Delivery;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The RabbitMQ client's deliveries as the seam's {@link Delivery}. Stateless. */
final class Deliveries {
    private Deliveries() {
    }

    static Delivery of(String queue, com.rabbitmq.client.Delivery m, int epoch) {
        AMQP.BasicProperties p = m.getProperties();
        // Keep arrival order: Celery's dict order is visible in extra headers. Text arrives as the client's
        // LongString; it becomes String here, once, so the decoder meets the type it expects first.
        Map<String, @Nullable Object> headers = p.getHeaders() == null ? Map.of() : text(p.getHeaders());
        MessageProperties props = new MessageProperties(p.getCorrelationId(), p.getContentType(),
                p.getContentEncoding(), p.getReplyTo(), p.getPriority(), p.getExpiration(), p.getAppId());
        return new Delivery(m.getEnvelope().getDeliveryTag(), epoch, queue, m.getEnvelope().getExchange(),
                m.getEnvelope().getRoutingKey(), m.getEnvelope().isRedeliver(), props, headers, m.getBody());
    }

    private static Map<String, @Nullable Object> text(Map<String, Object> raw) {
        Map<String, @Nullable Object> headers = new LinkedHashMap<>(raw.size() * 2);
        raw.forEach((k, v) -> headers.put(k, v instanceof LongString s ? s.toString() : v));
        return headers;
    }
}
