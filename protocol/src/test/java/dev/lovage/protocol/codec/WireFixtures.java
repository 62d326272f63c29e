package dev.lovage.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Loads the captured messages under src/test/resources/wire as (properties, headers, body) triples. */
final class WireFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One captured message. */
    record Captured(String name, MessageProperties properties, Map<String, Object> headers, byte[] body,
            JsonNode raw) {
        @Override
        public String toString() {
            return name;
        }
    }

    private WireFixtures() {
    }

    static List<Captured> load(String path) {
        try (InputStream in = WireFixtures.class.getResourceAsStream("/wire/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            JsonNode root = JSON.readTree(in);
            List<Captured> out = new ArrayList<>();
            if (root.isArray()) {
                for (int i = 0; i < root.size(); i++) {
                    out.add(fromCapture(path + "#" + i, root.get(i)));
                }
            } else {
                JsonNode messages = root.path("messages");
                for (int i = 0; i < messages.size(); i++) {
                    out.add(fromBench(path + "#" + i, messages.get(i)));
                }
            }
            return out;
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
        return new Captured(name, properties(m.get("properties")), headers(m.get("headers")), body, m);
    }

    private static Captured fromBench(String name, JsonNode m) {
        JsonNode p = m.get("properties");
        byte[] body = Base64.getDecoder().decode(m.get("body_base64").asText());
        return new Captured(name, properties(p), headers(p.get("application_headers")), body, m);
    }

    private static MessageProperties properties(JsonNode p) {
        return new MessageProperties(text(p, "correlation_id"), text(p, "content_type"), text(p, "content_encoding"),
                text(p, "reply_to"), p.has("priority") ? p.get("priority").asInt() : null, text(p, "expiration"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headers(JsonNode h) {
        return h == null ? Map.of() : JSON.convertValue(h, LinkedHashMap.class);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    static List<String> allFiles() {
        List<String> files = new ArrayList<>();
        for (String dir : List.of("messages-celery-5.2.6", "messages-celery-5.6.3", "messages-celery-5.2.6-bench")) {
            try (InputStream in = WireFixtures.class.getResourceAsStream("/wire/" + dir)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(f -> f.endsWith(".json")).forEach(f -> files.add(dir + "/" + f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
