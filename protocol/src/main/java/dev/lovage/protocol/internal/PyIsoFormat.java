package dev.lovage.protocol.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code isoformat()}: microseconds only when non-zero (6 digits), offsets as {@code +HH:MM}, never
 * {@code Z}. Nanoseconds beyond microseconds are dropped, as Python cannot hold them.
 */
public final class PyIsoFormat {
    private PyIsoFormat() {
    }

    /** An aware UTC datetime, as Celery 5.5+ writes {@code date_done} and {@code eta}. */
    public static String utc(Instant t) {
        return dateTime(LocalDateTime.ofInstant(t, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    public static String dateTime(LocalDateTime t, @Nullable ZoneOffset offset) {
        StringBuilder sb = new StringBuilder(32);
        sb.append(t.toLocalDate()).append('T').append(time(t.toLocalTime()));
        if (offset != null) {
            int total = offset.getTotalSeconds();
            int abs = Math.abs(total);
            sb.append(total < 0 ? '-' : '+').append(two(abs / 3600)).append(':').append(two(abs / 60 % 60));
            if (abs % 60 != 0) {
                sb.append(':').append(two(abs % 60));
            }
        }
        return sb.toString();
    }

    public static String time(LocalTime t) {
        String base = two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? base : base + "." + String.format("%06d", micros);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
