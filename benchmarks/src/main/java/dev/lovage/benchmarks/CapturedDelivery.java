package dev.lovage.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.lovage.protocol.MessageProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message captured from Python Celery (copied unchanged from protocol/src/test/resources/wire, see the README
 * there), in the shape the worker's AMQP transport hands to {@code MessageDecoder.decode}: the AMQP properties, the
 * application headers as the RabbitMQ Java client reads them (strings as {@link LongString}, in a
 * {@link LinkedHashMap}) and the raw body bytes.
 */
record CapturedDelivery(MessageProperties properties, Map<String, @Nullable Object> headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first delivery of {@code resource}, a list of deliveries as captured (messages-celery-5.6.3/*.json). */
    static CapturedDelivery load(String resource) {
        JsonNode m = tree(resource).get(0);
        JsonNode p = m.get("properties");
        MessageProperties props = new MessageProperties(text(p, "correlation_id"), text(p, "content_type"),
                text(p, "content_encoding"), text(p, "reply_to"),
                p.has("priority") ? p.get("priority").asInt() : null, text(p, "expiration"));
        byte[] body = m.hasNonNull("body_raw_b64") ? Base64.getDecoder().decode(m.get("body_raw_b64").asText())
                : m.get("body_text").asText().getBytes(StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> headers =
                (Map<String, @Nullable Object>) amqp(JSON.convertValue(m.get("headers"), LinkedHashMap.class));
        return new CapturedDelivery(props, headers, body);
    }

    private static JsonNode tree(String resource) {
        try (InputStream in = CapturedDelivery.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // As py-amqp writes them and the Java client reads them back: str is a long string, tables and arrays nest.
    private static @Nullable Object amqp(@Nullable Object v) {
        if (v instanceof String s) {
            return LongStringHelper.asLongString(s);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            map.forEach((k, val) -> out.put((String) k, amqp(val)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>();
            list.forEach(item -> out.add(amqp(item)));
            return out;
        }
        return v;
    }

    private static @Nullable String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
