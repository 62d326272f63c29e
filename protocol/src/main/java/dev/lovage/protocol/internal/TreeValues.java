package dev.lovage.protocol.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lovage.protocol.ProtocolException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns a parsed tree (JSON, msgpack or YAML) into plain Java values: LinkedHashMap, ArrayList, String, Integer or
 * Long or BigInteger, Double, Boolean, null, byte[]. With {@code kombuTypes}, an object whose keys are exactly
 * {@code __type__} and {@code __value__} becomes the Java type (kombu 5.3+ dialect).
 */
public final class TreeValues {
    private TreeValues() {
    }

    public static @Nullable Object toJava(JsonNode node, boolean kombuTypes) {
        switch (node.getNodeType()) {
            case NULL, MISSING:
                return null;
            case BOOLEAN:
                return node.booleanValue();
            case STRING:
                return node.textValue();
            case BINARY:
                return binary(node);
            case NUMBER:
                return number(node);
            case ARRAY: {
                List<@Nullable Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toJava(item, kombuTypes));
                }
                return list;
            }
            case OBJECT: {
                if (kombuTypes && node.size() == 2 && node.has("__type__") && node.has("__value__")) {
                    return kombu(node.get("__type__").asText(), node.get("__value__"));
                }
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), toJava(e.getValue(), kombuTypes));
                }
                return map;
            }
            default:
                return binary(node);
        }
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new ProtocolException(ProtocolException.Reason.DECODE_ERROR, "unreadable binary value", e);
        }
    }

    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger big = node.bigIntegerValue();
            if (big.bitLength() < 32) {
                return big.intValue();
            }
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (node.isBigDecimal()) {
            return node.decimalValue().doubleValue();
        }
        return node.doubleValue();
    }

    // Mirrors kombu/utils/json.py object_hook (5.3+): an unknown type is a decode error.
    private static Object kombu(String type, JsonNode value) {
        try {
            return switch (type) {
                case "datetime" -> Iso8601.parseDateTime(value.asText());
                case "date" -> LocalDate.parse(value.asText());
                case "time" -> LocalTime.parse(value.asText());
                case "decimal" -> new BigDecimal(value.asText());
                case "uuid" -> uuid(value);
                case "bytes" -> value.asText().getBytes(StandardCharsets.UTF_8);
                case "base64" -> Base64.getDecoder().decode(value.asText());
                default -> throw new ProtocolException(ProtocolException.Reason.DECODE_ERROR,
                        "unknown kombu JSON type '" + type + "'");
            };
        } catch (RuntimeException e) {
            if (e instanceof ProtocolException p) {
                throw p;
            }
            throw new ProtocolException(ProtocolException.Reason.DECODE_ERROR,
                    "bad kombu JSON " + type + " value " + value + ": " + e.getMessage(), e);
        }
    }

    private static UUID uuid(JsonNode value) {
        String hex = value.isObject() ? value.path("hex").asText() : value.asText().replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("expected 32 hex digits");
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }
}
