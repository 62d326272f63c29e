package dev.lovage.protocol.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code isoformat()}: microseconds only when non-zero (always 6 digits then), offsets as {@code +HH:MM}
 * (never {@code Z}), {@code T} between date and time. Nanoseconds beyond microseconds are dropped, as Python cannot
 * hold them. Stateless.
 */
public final class PyIsoFormat {
    private PyIsoFormat() {
    }

    /**
     * An aware UTC datetime, {@code 2024-01-02T03:04:05.678901+00:00}: how Celery writes {@code eta} and
     * {@code expires}, and kombu 5.3+ an aware datetime.
     */
    public static String utc(Instant t) {
        return dateTime(LocalDateTime.ofInstant(t, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    /** {@code datetime.isoformat()}: naive when {@code offset} is null. */
    public static String dateTime(LocalDateTime t, @Nullable ZoneOffset offset) {
        StringBuilder sb = new StringBuilder(32);
        sb.append(t.toLocalDate()).append('T').append(time(t.toLocalTime()));
        if (offset != null) {
            sb.append(offset(offset));
        }
        return sb.toString();
    }

    /** {@code time.isoformat()} of a naive time: {@code HH:MM:SS[.ffffff]}. */
    public static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder(15);
        sb.append(two(t.getHour())).append(':').append(two(t.getMinute())).append(':').append(two(t.getSecond()));
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String digits = Integer.toString(micros);
            sb.append('.').append("0".repeat(6 - digits.length())).append(digits);
        }
        return sb.toString();
    }

    /** A UTC offset as isoformat writes it: {@code +HH:MM}, with {@code :SS} only when the seconds are non-zero. */
    public static String offset(ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        int abs = Math.abs(total);
        StringBuilder sb = new StringBuilder(9);
        sb.append(total < 0 ? '-' : '+').append(two(abs / 3600)).append(':').append(two(abs / 60 % 60));
        if (abs % 60 != 0) {
            sb.append(':').append(two(abs % 60));
        }
        return sb.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
