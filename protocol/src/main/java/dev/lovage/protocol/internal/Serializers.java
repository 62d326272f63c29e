package dev.lovage.protocol.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonParser;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * kombu's serializer registry (kombu/serialization.py) for what a Java worker can read: JSON (both kombu dialects),
 * msgpack and YAML; the trusted raw types come back as bytes or text. Pickle is never read. Thread-safe.
 */
public final class Serializers {
    /** kombu's content types for its json, msgpack, yaml and pickle serializers. */
    public static final String JSON = "application/json";
    /** See {@link #JSON}. */
    public static final String MSGPACK = "application/x-msgpack";
    /** See {@link #JSON}. */
    public static final String YAML = "application/x-yaml";
    /** See {@link #JSON}; never accepted. */
    public static final String PICKLE = "application/x-python-serialize";
    /** Always accepted, as kombu's TRUSTED_CONTENT ({@code application/data}, {@code application/text}), plus text/plain. */
    public static final Set<String> TRUSTED = Set.of("application/data", "application/text", "text/plain");

    // The body size is capped before parsing, so strings may be as long as the body; Python's json has no such cap.
    // Nesting and the number of values are counted by BoundedReader, which names the setting when it refuses.
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE).maxNumberLength(4300).maxNestingDepth(Integer.MAX_VALUE)
            .maxNameLength(Integer.MAX_VALUE).build();
    // Python's json reads NaN, Infinity and -Infinity, and refuses anything after the value ("Extra data").
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().streamReadConstraints(LIMITS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    // Stored results and control messages come from Celery itself: bounded only against runaway input.
    private static final Limits DOCUMENT_LIMITS = new Limits(Limits.MAX_DEPTH, Long.MAX_VALUE);

    /** How deep and how many values one decoded body may hold. */
    public record Limits(int maxDepth, long maxValues) {
        /** The deepest nesting ever read: Python's json gives up near its recursion limit of 1000 frames. */
        public static final int MAX_DEPTH = 1000;
    }

    private Serializers() {
    }

    /** The content type a serializer name or MIME type stands for (json, msgpack, yaml, pickle), else the input. */
    public static String contentTypeOf(String nameOrType) {
        String t = nameOrType.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "json", JSON -> JSON;
            case "msgpack", MSGPACK, "application/msgpack" -> MSGPACK;
            case "yaml", YAML, "application/yaml" -> YAML;
            case "pickle", PICKLE -> PICKLE;
            default -> t;
        };
    }

    /**
     * The Maven coordinates of the optional library a serializer (name or MIME type) needs and that is missing from
     * the classpath, or null when it can be decoded here.
     */
    public static @Nullable String missingLibrary(String nameOrType) {
        String type = contentTypeOf(nameOrType);
        if (!type.equals(MSGPACK) && !type.equals(YAML)) {
            return null;
        }
        return OptionalCodecs.available(type) ? null : OptionalCodecs.artifactFor(type);
    }

    /** True when {@code contentType} is trusted or in the accept list; pickle never is. */
    public static boolean accepts(List<String> accept, String contentType) {
        if (contentType.equals(PICKLE)) {
            return false;
        }
        if (TRUSTED.contains(contentType)) {
            return true;
        }
        for (String name : accept) {
            if (contentType.equals(contentTypeOf(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deserializes {@code body} to plain Java values. A type with no decoder (the trusted raw types) comes back as
     * it would from kombu: text decoded with {@code contentEncoding}, or the bytes themselves when that is binary.
     *
     * @throws ProtocolException DECODE_ERROR with the parser's message when the body does not parse
     */
    public static @Nullable Object read(String contentType, @Nullable String contentEncoding, byte[] body,
            Limits limits) {
        if (body.length == 0) {
            return raw(contentEncoding, body); // kombu's loads only decodes a non-empty body
        }
        try {
            return switch (contentType) {
                case JSON -> parse(JSON_FACTORY.createParser(utf8(body)), limits, true, false);
                case MSGPACK -> parse(OptionalCodecs.msgpack().createParser(checked(body)), limits, false, true);
                case YAML -> parse(OptionalCodecs.yaml().createParser(body), limits, false, true);
                default -> raw(contentEncoding, body);
            };
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR,
                    "cannot decode the " + contentType + " body: " + message(e), e);
        }
    }

    /**
     * As {@link #read(String, String, byte[], Limits)}, from a stream (a body being decompressed): JSON and YAML are
     * parsed as they arrive; other types are read whole first.
     */
    public static @Nullable Object read(String contentType, @Nullable String contentEncoding, InputStream body,
            Limits limits) {
        try {
            PushbackInputStream in = new PushbackInputStream(body, 3);
            byte[] head = in.readNBytes(3);
            if (head.length == 0) {
                return raw(contentEncoding, head); // kombu's loads only decodes a non-empty body
            }
            in.unread(head);
            return switch (contentType) {
                case JSON -> {
                    utf8(head);
                    yield parse(JSON_FACTORY.createParser(in), limits, true, false);
                }
                case YAML -> parse(OptionalCodecs.yaml().createParser(in), limits, false, true);
                default -> read(contentType, contentEncoding, in.readAllBytes(), limits);
            };
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR,
                    "cannot decode the " + contentType + " body: " + message(e), e);
        }
    }

    /**
     * Parses JSON text, such as a stored result document, to plain Java values (kombu envelopes decoded).
     *
     * @throws IOException with the parser's message when it is not exactly one JSON value
     */
    public static @Nullable Object readJson(String text) throws IOException {
        return parse(JSON_FACTORY.createParser(text), DOCUMENT_LIMITS, true, false);
    }

    private static byte[] checked(byte[] msgpack) throws IOException {
        MsgpackScan.check(msgpack);
        return msgpack;
    }

    private static @Nullable Object parse(JsonParser parser, Limits limits, boolean kombuTypes, boolean trailing)
            throws IOException {
        try (JsonParser p = parser) {
            // Python's json needs a value; msgpack and YAML read an empty document as nothing.
            return BoundedReader.read(p, limits.maxDepth(), limits.maxValues(), kombuTypes, trailing, !trailing);
        }
    }

    // kombu's JSON loads does body.decode('utf-8'): a BOM or UTF-16/32 text is not JSON to it. Jackson would sniff
    // those encodings from the first bytes, so they are refused here; the rest is UTF-8 checked by the parser.
    private static byte[] utf8(byte[] b) throws IOException {
        boolean bom = b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
        boolean wide = b.length >= 2 && (b[0] == 0 || b[1] == 0 || (b[0] & 0xff) >= 0xfe);
        if (bom || wide) {
            throw new IOException("the body is not UTF-8 JSON (a byte order mark or UTF-16/32 text)");
        }
        return b;
    }

    private static Object raw(@Nullable String contentEncoding, byte[] body) {
        String enc = contentEncoding == null ? "utf-8" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (enc.equals("binary") || enc.equals("ascii-8bit")) {
            return body;
        }
        try {
            return new String(body, Charset.forName(enc));
        } catch (IllegalArgumentException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

}
