package dev.lovage.protocol.internal;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code {"__type__": ..., "__value__": ...}} envelopes kombu 5.3+ uses for values plain JSON lacks
 * (kombu/utils/json.py: datetime, date, time, decimal, uuid, bytes, base64), in both directions. Stateless.
 */
public final class KombuJson {
    /** The key naming the type of an envelope. */
    public static final String TYPE = "__type__";
    /** The key holding the value of an envelope. */
    public static final String VALUE = "__value__";

    /** A value to write as {@code {"__type__": type, "__value__": payload}}; payload is a String or a Map. */
    public record Envelope(String type, Object payload) {
    }

    private KombuJson() {
    }

    /**
     * The envelope kombu 5.3+ writes for {@code v}, or null when {@code v} is not one of its types. Instants and
     * ZonedDateTimes are written as aware datetimes (an Instant in UTC).
     */
    public static @Nullable Envelope encode(Object v) {
        // Mirrors kombu/utils/json.py register_type(...) encoders: isoformat(), str(Decimal), {"hex": uuid.hex}.
        return switch (v) {
            case OffsetDateTime t -> new Envelope("datetime", PyIsoFormat.dateTime(t.toLocalDateTime(), t.getOffset()));
            case ZonedDateTime t -> new Envelope("datetime", PyIsoFormat.dateTime(t.toLocalDateTime(), t.getOffset()));
            case Instant t -> new Envelope("datetime", PyIsoFormat.utc(t));
            case LocalDateTime t -> new Envelope("datetime", PyIsoFormat.dateTime(t, null));
            case LocalDate d -> new Envelope("date", d.toString());
            case LocalTime t -> new Envelope("time", PyIsoFormat.time(t));
            case OffsetTime t -> new Envelope("time", PyIsoFormat.time(t.toLocalTime())
                    + PyIsoFormat.offset(t.getOffset()));
            // BigDecimal.toString and Python's str(Decimal) both follow the to-scientific-string rules.
            case BigDecimal d -> new Envelope("decimal", d.toString());
            case UUID u -> new Envelope("uuid", Map.of("hex", u.toString().replace("-", "")));
            case byte[] b -> bytes(b);
            default -> null;
        };
    }

    // Mirrors kombu's bytes encoder: text when the bytes are valid UTF-8, else base64.
    private static Envelope bytes(byte[] b) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            return new Envelope("bytes", text);
        } catch (CharacterCodingException e) {
            return new Envelope("base64", Base64.getEncoder().encodeToString(b));
        }
    }

    /**
     * The Java value of an envelope already read into plain Java values (a map holding exactly {@link #TYPE} and
     * {@link #VALUE}).
     *
     * @throws ProtocolException DECODE_ERROR for an unknown type or a malformed value, as kombu raises ValueError
     */
    public static Object decode(Map<String, @Nullable Object> envelope) {
        String type = String.valueOf(envelope.get(TYPE));
        Object value = envelope.get(VALUE);
        String text = String.valueOf(value);
        try {
            // Mirrors kombu/utils/json.py object_hook (5.3+): an unknown __type__ is an error, not a dict.
            return switch (type) {
                case "datetime" -> Iso8601.parseDateTime(text);
                case "date" -> LocalDate.parse(text);
                case "time" -> Iso8601.parseTime(text);
                case "decimal" -> new BigDecimal(text);
                case "uuid" -> uuid(value instanceof Map<?, ?> m ? String.valueOf(m.get("hex")) : text,
                        value instanceof Map<?, ?> m ? m.get("version") : null);
                case "bytes" -> text.getBytes(StandardCharsets.UTF_8);
                // Python's b64decode (validate=False) skips characters outside the alphabet; so does the MIME decoder.
                case "base64" -> Base64.getMimeDecoder().decode(text);
                default -> throw new ProtocolException(Reason.DECODE_ERROR, "unknown kombu JSON type '" + type
                        + "' (kombu raises ValueError('Unsupported type'))");
            };
        } catch (ProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProtocolException(Reason.DECODE_ERROR,
                    "bad kombu JSON " + type + " value " + text + ": " + e.getMessage(), e);
        }
    }

    // kombu 5.3.0 wrote {"hex", "version"}, later versions only {"hex"}; uuid.UUID(hex=..., version=n) then
    // forces the RFC 4122 variant and that version into the bits.
    private static UUID uuid(String hexText, @Nullable Object version) {
        String hex = hexText.replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("expected 32 hex digits");
        }
        long msb = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        long lsb = Long.parseUnsignedLong(hex.substring(16), 16);
        if (version instanceof Integer || version instanceof Long || version instanceof BigInteger) {
            BigInteger big = new BigInteger(version.toString());
            if (big.signum() < 1 || big.compareTo(BigInteger.valueOf(8)) > 0) {
                throw new IllegalArgumentException("illegal version number " + version);
            }
            long v = big.longValue();
            msb = (msb & ~0xF000L) | (v << 12);
            lsb = (lsb & ~(0xC000L << 48)) | (0x8000L << 48);
        }
        return new UUID(msb, lsb);
    }
}
