package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Basic properties whose header table goes on the wire in the given order. {@code AMQP.BasicProperties} copies its
 * headers into a HashMap, which would scramble Celery's header order ({@code lang, task, id, shadow, ...}) that a
 * Python consumer sees in {@code message.headers}; this writes the same properties, in the same frame layout, with
 * the ordered map. Immutable.
 */
final class OrderedHeaderProperties extends AMQP.BasicProperties {
    private final Map<String, @Nullable Object> ordered;

    OrderedHeaderProperties(AMQP.BasicProperties props, Map<String, @Nullable Object> headers) {
        super(props.getContentType(), props.getContentEncoding(), headers, props.getDeliveryMode(),
                props.getPriority(), props.getCorrelationId(), props.getReplyTo(), props.getExpiration(),
                props.getMessageId(), props.getTimestamp(), props.getType(), props.getUserId(), props.getAppId(),
                props.getClusterId());
        this.ordered = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    // Mirrors AMQP.BasicProperties.writePropertiesTo, property for property; only the table differs.
    @Override
    public void writePropertiesTo(ContentHeaderPropertyWriter writer) throws IOException {
        writer.writePresence(getContentType() != null);
        writer.writePresence(getContentEncoding() != null);
        writer.writePresence(true);
        writer.writePresence(getDeliveryMode() != null);
        writer.writePresence(getPriority() != null);
        writer.writePresence(getCorrelationId() != null);
        writer.writePresence(getReplyTo() != null);
        writer.writePresence(getExpiration() != null);
        writer.writePresence(getMessageId() != null);
        writer.writePresence(getTimestamp() != null);
        writer.writePresence(getType() != null);
        writer.writePresence(getUserId() != null);
        writer.writePresence(getAppId() != null);
        writer.writePresence(getClusterId() != null);
        writer.finishPresence();
        shortstr(writer, getContentType());
        shortstr(writer, getContentEncoding());
        writer.writeTable(ordered);
        if (getDeliveryMode() != null) {
            writer.writeOctet(getDeliveryMode());
        }
        if (getPriority() != null) {
            writer.writeOctet(getPriority());
        }
        shortstr(writer, getCorrelationId());
        shortstr(writer, getReplyTo());
        shortstr(writer, getExpiration());
        shortstr(writer, getMessageId());
        if (getTimestamp() != null) {
            writer.writeTimestamp(getTimestamp());
        }
        shortstr(writer, getType());
        shortstr(writer, getUserId());
        shortstr(writer, getAppId());
        shortstr(writer, getClusterId());
    }

    private static void shortstr(ContentHeaderPropertyWriter writer, @Nullable String value) throws IOException {
        if (value != null) {
            writer.writeShortstr(value);
        }
    }
}
