package dev.lovage.protocol.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * kombu's serializer registry, for the formats a Java worker can read (kombu/serialization.py): JSON, msgpack,
 * YAML. Pickle is never read. Content types and serializer names both name an entry.
 */
public final class Serializers {
    public static final String JSON = "application/json";
    public static final String MSGPACK = "application/x-msgpack";
    public static final String YAML = "application/x-yaml";
    public static final String PICKLE = "application/x-python-serialize";

    // Python writes NaN and Infinity for floats; accept them as Python's json module does.
    private static final ObjectMapper JSON_MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final ObjectMapper MSGPACK_MAPPER = new MessagePackMapper();
    private static final ObjectMapper YAML_MAPPER = new YAMLMapper();

    private Serializers() {
    }

    /** The content type a serializer name or MIME type stands for, or the input lower-cased. */
    public static String contentTypeOf(String nameOrType) {
        return switch (nameOrType.trim().toLowerCase(Locale.ROOT)) {
            case "json", JSON -> JSON;
            case "msgpack", MSGPACK, "application/msgpack" -> MSGPACK;
            case "yaml", YAML, "application/yaml" -> YAML;
            case "pickle", PICKLE -> PICKLE;
            default -> nameOrType.trim().toLowerCase(Locale.ROOT);
        };
    }

    /** True when {@code contentType} is in the accept list; pickle never is. */
    public static boolean accepts(List<String> accept, String contentType) {
        if (contentType.equals(PICKLE)) {
            return false;
        }
        return accept.stream().map(Serializers::contentTypeOf).anyMatch(contentType::equals);
    }

    /** Deserializes {@code body} to plain Java values. */
    public static @Nullable Object read(String contentType, byte[] body) {
        try {
            return switch (contentType) {
                case JSON -> TreeValues.toJava(JSON_MAPPER.readTree(body), true);
                case MSGPACK -> TreeValues.toJava(MSGPACK_MAPPER.readTree(body), false);
                case YAML -> TreeValues.toJava(yaml(body), false);
                default -> throw new ProtocolException(Reason.CONTENT_DISALLOWED,
                        "no decoder for content type '" + contentType + "'");
            };
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR,
                    "cannot decode the " + contentType + " body: " + message(e), e);
        }
    }

    /** Parses JSON text (used for result documents). */
    public static JsonNode readJsonTree(String text) throws IOException {
        return JSON_MAPPER.readTree(text);
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage()
                : e.getMessage();
    }

    private static JsonNode yaml(byte[] body) throws IOException {
        JsonNode node = YAML_MAPPER.readTree(body);
        return node == null ? MissingNode.getInstance() : node;
    }
}
