package dev.lovage.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The accepted forms are those Python 3.11's datetime.fromisoformat accepts (checked with python3). */
final class Iso8601Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2026-11-24T05:12:09.479583+00:00|2026-11-24T05:12:09.479583Z",
            "2026-11-24T05:12:09.479583|2026-11-24T05:12:09.479583Z",
            "2024-01-02T03:04:05Z|2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05.1|2024-01-02T03:04:05.100Z",
            "2024-01-02T03:04:05.1234567891|2024-01-02T03:04:05.123456789Z",
            "2024-01-02T03|2024-01-02T03:00:00Z",
            "2024-01-02 03:04|2024-01-02T03:04:00Z",
            "2024-01-02X03:04:05|2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05+0100|2024-01-02T02:04:05Z",
            "2024-01-02T03:04:05+01|2024-01-02T02:04:05Z",
            "2024-01-02T03:04:05-05:30|2024-01-02T08:34:05Z",
            "2024-01-02T03:04:05+01:00:30|2024-01-02T02:03:35Z",
            "2024-01-02T03:04:05,5|2024-01-02T03:04:05.500Z",
            "2024-01-02|2024-01-02T00:00:00Z"})
    void readsWhatPythonReads(String text, String instant) {
        assertThat(Iso8601.parseInstant(text)).isEqualTo(Instant.parse(instant));
        assertThat(Iso8601.isValid(text)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "tomorrow", "2024-01-02T03:04:05z", "2024-01-02T24:00:00", "2024-13-01",
            "2024-02-30T00:00:00", "2024-01-02T03:04:05+", "1700000000", "2024-1-2",
            " 2024-01-02T03:04:05 "})
    void refusesWhatPythonRefuses(String text) {
        assertThatThrownBy(() -> Iso8601.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
        assertThat(Iso8601.isValid(text)).isFalse();
    }

    @Test
    void keepsTheOffsetOrItsAbsence() {
        assertThat(Iso8601.parseDateTime("2024-01-02T03:04:05.678901+02:00"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.ofHours(2)));
        assertThat(Iso8601.parseDateTime("2024-01-02T03:04:05")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(Iso8601.parseTime("03:04:05.5")).isEqualTo(LocalTime.of(3, 4, 5, 500_000_000));
        assertThat(Iso8601.parseTime("03:04")).isEqualTo(LocalTime.of(3, 4));
        assertThat(Iso8601.parseTime("03:04:05+02:00")).isEqualTo(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2)));
    }

    @Test
    void pythonIsoFormatRoundTrips() {
        // python3: datetime(2024,1,2,3,4,5,1000,tzinfo=timezone(timedelta(hours=-5,minutes=-30))).isoformat()
        String py = "2024-01-02T03:04:05.001000-05:30";
        OffsetDateTime t = (OffsetDateTime) Iso8601.parseDateTime(py);
        assertThat(PyIsoFormat.dateTime(t.toLocalDateTime(), t.getOffset())).isEqualTo(py);
        assertThat(PyIsoFormat.utc(Iso8601.parseInstant("2026-11-24T05:12:09+00:00")))
                .isEqualTo("2026-11-24T05:12:09+00:00");
        assertThat(PyIsoFormat.utc(Instant.parse("2026-11-24T05:12:09.000000999Z")))
                .isEqualTo("2026-11-24T05:12:09+00:00");
        assertThat(PyIsoFormat.offset(ZoneOffset.ofHoursMinutesSeconds(1, 0, 30))).isEqualTo("+01:00:30");
        assertThat(PyIsoFormat.time(LocalTime.of(3, 4, 5, 10_000))).isEqualTo("03:04:05.000010");
        assertThat(PyIsoFormat.dateTime(LocalDateTime.of(1, 1, 1, 0, 0), null)).isEqualTo("0001-01-01T00:00:00");
    }
}
