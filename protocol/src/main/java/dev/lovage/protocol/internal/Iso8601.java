package dev.lovage.protocol.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAccessor;

/** Reads the ISO-8601 times Python writes, with or without an offset, 'T' or a space between date and time. */
public final class Iso8601 {
    private Iso8601() {
    }

    /** An OffsetDateTime when the text has an offset, else a LocalDateTime. */
    public static Temporal parseDateTime(String text) {
        String s = text.trim();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
        return (Temporal) t;
    }

    /** An instant; a time without an offset is UTC, as Celery's v2 worker reads it (naive_as_utc). */
    public static Instant parseInstant(String text) {
        Temporal t = parseDateTime(text);
        if (t instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    }

    /** True when {@link #parseInstant} would accept the text. */
    public static boolean isValid(String text) {
        try {
            parseInstant(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
