package dev.lovage.protocol.codec;

import java.nio.charset.StandardCharsets;

/**
 * Stands in for the RabbitMQ client's {@code LongString}, which the protocol module cannot see: a header value that
 * is not a {@link String} and not a {@link CharSequence}, whose {@code toString()} is its UTF-8 text.
 */
final class FakeLongString {
    private final byte[] bytes;

    FakeLongString(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    byte[] getBytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
