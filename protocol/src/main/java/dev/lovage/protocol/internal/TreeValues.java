package dev.lovage.protocol.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a parsed tree (JSON, msgpack or YAML) into plain Java values: {@link LinkedHashMap} in document order,
 * {@link ArrayList}, String, Integer (else Long, else BigInteger), Double, Boolean, null, and byte[] for msgpack
 * {@code bin}. With {@code kombuTypes}, kombu 5.3+ envelopes become Java types ({@link KombuJson}). Stateless.
 */
public final class TreeValues {
    private TreeValues() {
    }

    /**
     * The plain Java value of {@code node}; a missing node is null.
     *
     * @throws ProtocolException DECODE_ERROR for an unknown kombu type or a value with no Java form
     */
    public static @Nullable Object toJava(JsonNode node, boolean kombuTypes) {
        return switch (node.getNodeType()) {
            case NULL, MISSING -> null;
            case BOOLEAN -> node.booleanValue();
            case STRING -> node.textValue();
            case NUMBER -> number(node);
            case ARRAY -> list(node, kombuTypes);
            case OBJECT -> kombuTypes && KombuJson.isEnvelope(node) ? KombuJson.decode(node) : map(node, kombuTypes);
            case BINARY, POJO -> binary(node);
        };
    }

    private static List<@Nullable Object> list(JsonNode node, boolean kombuTypes) {
        List<@Nullable Object> list = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            list.add(toJava(item, kombuTypes));
        }
        return list;
    }

    private static Map<String, @Nullable Object> map(JsonNode node, boolean kombuTypes) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            map.put(e.getKey(), toJava(e.getValue(), kombuTypes));
        }
        return map;
    }

    // msgpack bin arrives as a binary node; an extension type (msgpack ext, which kombu never writes) has no Java form.
    private static byte[] binary(JsonNode node) {
        try {
            byte[] bytes = node.binaryValue();
            if (bytes == null) {
                throw new ProtocolException(Reason.DECODE_ERROR, "unsupported value in the body: " + node);
            }
            return bytes;
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR, "unreadable binary value: " + e.getMessage(), e);
        }
    }

    // Python has one int type and one float type; Java gets the narrowest integer that holds the value, and Double.
    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.intValue();
            }
            if (node.canConvertToLong()) {
                return node.longValue();
            }
            return node.bigIntegerValue();
        }
        return node.doubleValue();
    }
}
