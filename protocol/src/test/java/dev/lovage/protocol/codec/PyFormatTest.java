package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PyFormatTest {

    @Test
    void reprsValuesLikePython() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1, 2.5, true));
        m.put("b", null);
        assertThat(PyFormat.repr(m)).isEqualTo("{'a': [1, 2.5, True], 'b': None}");
        assertThat(PyFormat.repr("it's")).isEqualTo("\"it's\"");
        assertThat(PyFormat.repr(3.0)).isEqualTo("3.0");
        assertThat(PyFormat.repr(Arrays.asList("x\n", null))).isEqualTo("['x\\n', None]");
        assertThat(PyFormat.tupleRepr(List.of(5))).isEqualTo("(5,)");
    }

    @Test
    void writesSecondsAsAPythonUserWould() {
        assertThat(PyFormat.seconds(Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(PyFormat.seconds(Duration.ofMillis(1500))).isEqualTo(1.5);
        assertThat(PyFormat.seconds(Duration.ofSeconds(3_000_000_000L))).isEqualTo(3_000_000_000L);
        assertThat(PyFormat.floatSeconds(Duration.ofSeconds(2))).isEqualTo(2.0);
        assertThat(PyFormat.floatRepr(PyFormat.floatSeconds(Duration.ofNanos(1_200_000)))).isEqualTo("0.0012");
    }

    @Test
    void writesAndReadsTimesAsCeleryDoes() {
        Instant t = Instant.parse("2026-12-01T10:00:00.123456Z");
        assertThat(PyFormat.isoformat(t)).isEqualTo("2026-12-01T10:00:00.123456+00:00");
        assertThat(PyFormat.parseInstant("2026-12-01T10:00:00.123456+00:00")).isEqualTo(t);
        assertThat(PyFormat.parseInstant("2026-12-01T10:00:00.123456")).isEqualTo(t);
    }
}
