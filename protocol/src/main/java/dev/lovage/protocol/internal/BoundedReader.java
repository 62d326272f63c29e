package dev.lovage.protocol.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one serialized value (JSON, msgpack or YAML) token by token into plain Java values, the way
 * {@link TreeValues} describes them, but within limits: no deeper than {@code maxDepth} containers and no more than
 * {@code maxValues} values in all. A parsed tree costs tens of bytes per value, so a 58 kB zlib body that inflates
 * to 64 MiB of {@code [],[],...} would otherwise become most of a gigabyte; the limits make the decoded size of a
 * message bounded whatever its raw size. Values are counted as they are read, so a refused body stops costing
 * memory at the limit. One instance reads one value; not thread-safe.
 */
final class BoundedReader {
    private final JsonParser parser;
    private final int maxDepth;
    private final long maxValues;
    private final boolean kombuTypes;
    private long values;

    private BoundedReader(JsonParser parser, int maxDepth, long maxValues, boolean kombuTypes) {
        this.parser = parser;
        this.maxDepth = maxDepth;
        this.maxValues = maxValues;
        this.kombuTypes = kombuTypes;
    }

    /**
     * The first value of {@code parser}'s input, or null when there is none.
     *
     * @param trailing whether anything may follow the value (Python's json refuses it: "Extra data")
     * @param required whether an input with no value at all is an error rather than null
     * @throws ProtocolException TOO_LARGE past a limit; DECODE_ERROR for an unknown kombu type or trailing data
     * @throws IOException       from the parser, for input that does not parse or (when required) is empty
     */
    static @Nullable Object read(JsonParser parser, int maxDepth, long maxValues, boolean kombuTypes,
            boolean trailing, boolean required) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            if (required) {
                throw new IOException("no value in the text");
            }
            return null;
        }
        Object value = new BoundedReader(parser, maxDepth, maxValues, kombuTypes).value(first, 0);
        if (!trailing && parser.nextToken() != null) {
            throw new IOException("extra data after the value at " + parser.currentLocation().offsetDescription());
        }
        return value;
    }

    private @Nullable Object value(JsonToken token, int depth) throws IOException {
        if (++values > maxValues) {
            throw new ProtocolException(Reason.TOO_LARGE, "the body holds more than " + maxValues
                    + " values (worker_max_body_items)");
        }
        return switch (token) {
            case START_ARRAY -> list(depth + 1);
            case START_OBJECT -> map(depth + 1);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> parser.getIntValue();
                case LONG -> narrow(parser.getLongValue());
                default -> narrow(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_EMBEDDED_OBJECT -> embedded();
            default -> throw new ProtocolException(Reason.DECODE_ERROR, "unexpected " + token + " in the body");
        };
    }

    private List<@Nullable Object> list(int depth) throws IOException {
        checkDepth(depth);
        List<@Nullable Object> list = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new ProtocolException(Reason.DECODE_ERROR, "cannot decode the body: it ends inside a list");
            }
            list.add(value(t, depth));
        }
        return list;
    }

    private @Nullable Object map(int depth) throws IOException {
        checkDepth(depth);
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new ProtocolException(Reason.DECODE_ERROR, "cannot decode the body: "
                        + (t == null ? "it ends inside a mapping" : "a mapping key is " + t));
            }
            String key = parser.currentName();
            JsonToken v = parser.nextToken();
            if (v == null) {
                throw new ProtocolException(Reason.DECODE_ERROR, "cannot decode the body: it ends inside a mapping");
            }
            // A repeated key keeps its first place and takes the last value, as a Python dict does.
            map.put(key, value(v, depth));
        }
        if (kombuTypes && map.size() == 2 && map.containsKey(KombuJson.TYPE) && map.containsKey(KombuJson.VALUE)) {
            return KombuJson.decode(map);
        }
        return map;
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw new ProtocolException(Reason.TOO_LARGE, "the body nests deeper than " + maxDepth
                    + " levels (worker_max_body_depth)");
        }
    }

    // msgpack bin (and YAML !!binary) arrive as embedded byte arrays; msgpack ext, which kombu never writes, has no
    // Java form.
    private byte[] embedded() throws IOException {
        if (parser.getEmbeddedObject() instanceof byte[] bytes) {
            return bytes;
        }
        throw new ProtocolException(Reason.DECODE_ERROR, "unsupported value in the body: "
                + parser.getEmbeddedObject());
    }

    // Python has one int type; Java gets the narrowest that holds the value.
    private static Object narrow(long v) {
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 32 ? (Object) v.intValue() : v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
