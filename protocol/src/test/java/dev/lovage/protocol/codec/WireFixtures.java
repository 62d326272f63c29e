package dev.lovage.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.protocol.MessageProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Loads the messages captured from Python Celery under src/test/resources/wire (see the README there). Three file
 * shapes: a list of deliveries (messages-celery-*), a producer case with {@code messages}
 * (messages-celery-5.2.6-bench) and a worker scenario with {@code published_messages} (redis-celery-5.2.6).
 */
final class WireFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> MESSAGE_DIRS = List.of("messages-celery-5.2.6", "messages-celery-5.6.3",
            "messages-celery-5.2.6-bench", "redis-celery-5.2.6");
    private static final DateTimeFormatter PY_STR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * One captured message.
     *
     * @param headers     the headers as plain JSON values (what Python's json shows)
     * @param amqpHeaders the same headers typed as the RabbitMQ Java client hands them: strings as
     *                    {@link FakeLongString}, timestamps as {@link Date}
     * @param json        the body as JSON text once decompressed, as Python wrote it; null for msgpack and YAML
     */
    record Captured(String name, MessageProperties properties, Map<String, Object> headers,
            Map<String, @Nullable Object> amqpHeaders, byte[] body, @Nullable String json, JsonNode raw) {
        @Override
        public String toString() {
            return name;
        }
    }

    private WireFixtures() {
    }

    static List<Captured> load(String path) {
        JsonNode root = tree("/wire/" + path);
        List<Captured> out = new ArrayList<>();
        JsonNode messages = root.isArray() ? root
                : root.has("messages") ? root.get("messages") : root.path("published_messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String name = path + "#" + i;
            out.add(m.has("application_headers") || m.path("properties").has("application_headers")
                    ? fromBench(name, m) : fromCapture(name, m));
        }
        return out;
    }

    /** Every captured task message (the Redis-broker envelopes are not task messages and are not listed). */
    static List<String> allFiles() {
        List<String> files = new ArrayList<>();
        for (String dir : MESSAGE_DIRS) {
            try (InputStream in = WireFixtures.class.getResourceAsStream("/wire/" + dir)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(f -> f.endsWith(".json") && !f.startsWith("redis_after_"))
                        .sorted().forEach(f -> files.add(dir + "/" + f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    static JsonNode tree(String resource) {
        try (InputStream in = WireFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Captured fromCapture(String name, JsonNode m) {
        byte[] body;
        if (m.hasNonNull("body_raw_b64")) {
            body = Base64.getDecoder().decode(m.get("body_raw_b64").asText());
        } else if (m.hasNonNull("body_text")) {
            body = m.get("body_text").asText().getBytes(StandardCharsets.UTF_8);
        } else {
            body = m.get("body").asText().getBytes(StandardCharsets.UTF_8);
        }
        return captured(name, m.get("properties"), m.get("headers"), body, m);
    }

    private static Captured fromBench(String name, JsonNode m) {
        JsonNode p = m.get("properties");
        byte[] body = Base64.getDecoder().decode(m.get("body_base64").asText());
        return captured(name, p, p.get("application_headers"), body, m);
    }

    @SuppressWarnings("unchecked")
    private static Captured captured(String name, JsonNode p, @Nullable JsonNode h, byte[] body, JsonNode raw) {
        Map<String, Object> headers = h == null ? new LinkedHashMap<>() : JSON.convertValue(h, LinkedHashMap.class);
        MessageProperties props = new MessageProperties(text(p, "correlation_id"), text(p, "content_type"),
                text(p, "content_encoding"), text(p, "reply_to"),
                p.has("priority") ? p.get("priority").asInt() : null, text(p, "expiration"));
        return new Captured(name, props, headers, (Map<String, @Nullable Object>) amqp(headers, null), body,
                json(props, headers, body), raw);
    }

    // As py-amqp writes them and the Java client reads them back: str is a long string, x-death's time a timestamp.
    private static @Nullable Object amqp(@Nullable Object v, @Nullable String key) {
        if (v instanceof String s) {
            return "time".equals(key) ? Date.from(LocalDateTime.parse(s, PY_STR).toInstant(ZoneOffset.UTC))
                    : new FakeLongString(s);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            map.forEach((k, val) -> out.put((String) k, amqp(val, (String) k)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>();
            list.forEach(item -> out.add(amqp(item, null)));
            return out;
        }
        return v;
    }

    private static @Nullable String json(MessageProperties p, Map<String, Object> headers, byte[] body) {
        if (!"application/json".equals(p.contentType())) {
            return null;
        }
        Object compression = headers.get("compression");
        try (InputStream in = compression == null ? new ByteArrayInputStream(body)
                : compression.equals("application/x-gzip") ? new InflaterInputStream(new ByteArrayInputStream(body))
                : new BZip2CompressorInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON text parsed with no kombu hook: plain maps, lists, strings, numbers (envelopes stay maps). */
    static @Nullable Object plain(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
