package dev.lovage.protocol.codec;

import dev.lovage.protocol.MessageProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task message ready for a broker: the basic properties, the application headers in Celery's order (plain Java
 * values: String, Integer, Boolean, null, List, Map) and the serialized body. Immutable apart from the body array,
 * which callers must not change.
 *
 * @since 0.2
 */
public record EncodedMessage(MessageProperties properties, Map<String, @Nullable Object> headers, byte[] body) {
    public EncodedMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
