package dev.lovage.protocol.fuzz;

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
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Generators of hostile task messages: the messages captured from Python Celery 5.2 and 5.6 (the wire fixtures of
 * this module) mutated byte by byte and header by header, bodies of random bytes, and generated JSON shapes. Used by
 * the decoder's fuzz test and by the fault suite, which publishes them to a live worker. Every choice is drawn from
 * the {@link java.util.random.RandomGenerator} given to {@link Gen#next}, so a seed replays a run.
 *
 * @since 0.1
 */
public final class FuzzMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEED_FILES = List.of("plain", "chain", "chain_chord", "chord", "group",
            "link", "options", "countdown_expires", "retry", "json_types", "compress_zlib", "compress_bzip2",
            "msgpack", "yaml", "protocol1", "stamped");
    private static final List<FuzzMessage> SEEDS = loadSeeds();

    private FuzzMessages() {
    }

    /** Every kind of hostile message, mixed. */
    public static Gen<FuzzMessage> messages() {
        return Gen.frequencyOf(
                Gen.weight(6, mutatedSeeds()),
                Gen.weight(2, randomBodies()),
                Gen.weight(2, generatedBodies()));
    }

    /** The captured messages, each changed in one to four random ways. */
    public static Gen<FuzzMessage> mutatedSeeds() {
        Gen<FuzzMessage> seeds = Gen.of(SEEDS);
        Gen<Integer> mutations = Gen.ints(1, 4);
        return r -> {
            FuzzMessage seed = seeds.next(r);
            int n = mutations.next(r);
            FuzzMessage m = seed;
            StringBuilder kind = new StringBuilder(seed.kind());
            for (int i = 0; i < n; i++) {
                Mutation mutation = Mutation.pick(r);
                m = mutation.apply(m, r);
                kind.append(" +").append(mutation.name().toLowerCase(Locale.ROOT));
            }
            return new FuzzMessage(kind.toString(), m.properties(), m.headers(), m.body());
        };
    }

    /** Valid task headers with a body of random bytes under a random content type and compression. */
    public static Gen<FuzzMessage> randomBodies() {
        Gen<byte[]> bodies = Gen.bytes(2048);
        Gen<@Nullable String> types = Gen.of(Mutation.CONTENT_TYPES);
        Gen<@Nullable String> compressions = Gen.of(Mutation.COMPRESSIONS);
        return r -> {
            byte[] body = bodies.next(r);
            String type = types.next(r);
            String compression = compressions.next(r);
            Map<String, @Nullable Object> headers = new LinkedHashMap<>(SEEDS.getFirst().headers());
            if (compression != null) {
                headers.put("compression", compression);
            }
            return new FuzzMessage("random bytes as " + type + " / " + compression,
                    new MessageProperties("fuzz", type, "utf-8", null, 0, null), headers, body);
        };
    }

    /** Valid task headers with generated JSON bodies: any shape, deep, wide, odd numbers and strings. */
    public static Gen<FuzzMessage> generatedBodies() {
        return JsonShapes.values().map(text -> new FuzzMessage("generated JSON",
                new MessageProperties("fuzz", "application/json", "utf-8", null, 0, null),
                new LinkedHashMap<>(SEEDS.getFirst().headers()), text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The captured messages themselves, unchanged (a fault suite sends a few to check the worker still serves). */
    public static List<FuzzMessage> seeds() {
        return SEEDS;
    }

    private static List<FuzzMessage> loadSeeds() {
        List<FuzzMessage> seeds = new ArrayList<>();
        for (String file : SEED_FILES) {
            String path = "/wire/messages-celery-5.6.3/" + file + ".json";
            try (InputStream in = FuzzMessages.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("no test resource " + path);
                }
                JsonNode root = JSON.readTree(in);
                for (JsonNode m : root) {
                    seeds.add(seed(file, m));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(seeds);
    }

    @SuppressWarnings("unchecked")
    private static FuzzMessage seed(String file, JsonNode m) {
        byte[] body = m.hasNonNull("body_raw_b64") ? Base64.getDecoder().decode(m.get("body_raw_b64").asText())
                : (m.hasNonNull("body_text") ? m.get("body_text") : m.get("body")).asText()
                        .getBytes(StandardCharsets.UTF_8);
        JsonNode p = m.get("properties");
        Map<String, @Nullable Object> headers = m.hasNonNull("headers")
                ? JSON.convertValue(m.get("headers"), LinkedHashMap.class) : new LinkedHashMap<>();
        MessageProperties props = new MessageProperties(text(p, "correlation_id"), text(p, "content_type"),
                text(p, "content_encoding"), text(p, "reply_to"),
                p.has("priority") ? p.get("priority").asInt() : null, text(p, "expiration"));
        return new FuzzMessage(file, props, headers, body);
    }

    private static @Nullable String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
