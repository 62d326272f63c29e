package dev.lovage.protocol.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads ISO-8601 times as Python 3.11+'s {@code datetime.fromisoformat} does, which is how Celery 5.3+ parses
 * {@code eta}/{@code expires} and kombu 5.3+ its datetime envelopes: any one character between date and time;
 * {@code HH}, {@code HH:MM} or {@code HH:MM:SS} with a fraction of any length after {@code .} or {@code ,};
 * offsets {@code Z}, {@code +HH}, {@code +HHMM}, {@code +HH:MM}, {@code +HH:MM:SS}; a bare date is midnight.
 * Fractions are kept to the nanosecond (Python keeps microseconds); surrounding spaces are refused, as in
 * Python. Stateless.
 */
public final class Iso8601 {
    private static final String TIME = "(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?";
    private static final String OFFSET = "(Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2}(?:\\.\\d{1,6})?)?)?)?";
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:.(?:" + TIME + ")"
            + OFFSET + ")?");
    private static final Pattern TIME_ONLY = Pattern.compile(TIME + OFFSET);

    private Iso8601() {
    }

    /**
     * An {@link OffsetDateTime} when the text has an offset, else a {@link LocalDateTime}.
     *
     * @throws DateTimeParseException when the text is not such a time
     */
    public static Temporal parseDateTime(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new DateTimeParseException("not an ISO-8601 date and time: '" + text + "'", text, 0);
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            LocalDateTime local = date.atTime(m.group(4) == null ? LocalTime.MIDNIGHT : time(m, 4));
            ZoneOffset offset = offset(m.group(8));
            return offset == null ? local : OffsetDateTime.of(local, offset);
        } catch (DateTimeException e) {
            throw new DateTimeParseException(e.getMessage() + ": '" + text + "'", text, 0, e);
        }
    }

    /**
     * A time of day, {@link OffsetTime} when it has an offset, else {@link LocalTime} (Python's
     * {@code time.fromisoformat}).
     *
     * @throws DateTimeParseException when the text is not such a time
     */
    public static Temporal parseTime(String text) {
        Matcher m = TIME_ONLY.matcher(text);
        if (!m.matches()) {
            throw new DateTimeParseException("not an ISO-8601 time: '" + text + "'", text, 0);
        }
        try {
            LocalTime local = time(m, 1);
            ZoneOffset offset = offset(m.group(5));
            return offset == null ? local : OffsetTime.of(local, offset);
        } catch (DateTimeException e) {
            throw new DateTimeParseException(e.getMessage() + ": '" + text + "'", text, 0, e);
        }
    }

    /**
     * An instant; a time without an offset is UTC, as Celery's v2 worker reads it
     * ({@code maybe_make_aware(..., naive_as_utc=True)}).
     *
     * @throws DateTimeParseException when the text is not an ISO-8601 date and time
     */
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

    private static LocalTime time(Matcher m, int first) {
        String fraction = m.group(first + 3);
        int nanos = 0;
        if (fraction != null) {
            String nine = fraction.length() > 9 ? fraction.substring(0, 9) : fraction + "0".repeat(9 - fraction.length());
            nanos = Integer.parseInt(nine);
        }
        return LocalTime.of(Integer.parseInt(m.group(first)), number(m.group(first + 1)), number(m.group(first + 2)),
                nanos);
    }

    private static @Nullable ZoneOffset offset(@Nullable String text) {
        if (text == null) {
            return null;
        }
        if (text.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = text.substring(1).replace(":", "");
        int dot = digits.indexOf('.');
        if (dot >= 0) {
            digits = digits.substring(0, dot); // ZoneOffset has no microseconds; Python offsets rarely do
        }
        int sign = text.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
        int seconds = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
        return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
    }

    private static int number(@Nullable String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }
}
