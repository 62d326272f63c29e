package dev.lovage.worker.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Python's {@code datetime.isoformat()} of an aware UTC time: 6 fractional digits unless they are all zero. */
final class PyIso {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private PyIso() {
    }

    static String format(Instant t) {
        int micros = t.getNano() / 1000;
        String base = SECONDS.format(t);
        return (micros == 0 ? base : base + String.format(".%06d", micros)) + "+00:00";
    }
}
