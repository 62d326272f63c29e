package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Expected strings were produced by Python 3.11's json.dumps and kombu 5.7's JSON encoder. */
final class PyJsonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1e16|1e+16", "1e15|1000000000000000.0", "0.0001|0.0001", "0.00001|1e-05", "1.5e300|1.5e+300",
            "123456789012345.0|123456789012345.0", "12345678901234567.0|1.2345678901234568e+16", "0.1|0.1",
            "1e-7|1e-07", "2.5|2.5", "100.0|100.0", "1e22|1e+22", "4.9e-324|5e-324", "-0.0|-0.0",
            "0.30000000000000004|0.30000000000000004", "-2.5e-10|-2.5e-10", "NaN|NaN", "Infinity|Infinity",
            "-Infinity|-Infinity"})
    void floatsAsPythonRepr(double value, String python) {
        assertThat(PyJson.write(value)).isEqualTo(python);
    }

    @Test
    void stringsEscapedWithEnsureAscii() {
        // python3 -c 'import json; print(json.dumps("h\u00e9 \u2713 \U0001F600 \u4e2d \x00\x1f\x7f \"q\" \\ \n\r\t\b\f/"))'
        assertThat(PyJson.write("hé ✓ 😀 中 \u0000\u001f\u007f \"q\" \\ \n\r\t\b\f/"))
                .isEqualTo("\"h\\u00e9 \\u2713 \\ud83d\\ude00 \\u4e2d \\u0000\\u001f\\u007f \\\"q\\\" \\\\ "
                        + "\\n\\r\\t\\b\\f/\"");
    }

    @Test
    void separatorsAndOrderAsPython() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", "SUCCESS");
        doc.put("result", List.of(1, 2.0, true, Map.of()));
        doc.put("traceback", null);
        doc.put("children", List.of());
        doc.put("n", BigInteger.TWO.pow(70));
        assertThat(PyJson.write(doc)).isEqualTo("{\"status\": \"SUCCESS\", \"result\": [1, 2.0, true, {}], "
                + "\"traceback\": null, \"children\": [], \"n\": 1180591620717411303424}");
        assertThat(PyJson.write(Arrays.asList(null, "a"))).isEqualTo("[null, \"a\"]");
    }

    @Test
    void nonStringKeysBecomeStringsAsInPython() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, "a");
        m.put(true, "b");
        m.put(null, "c");
        m.put(2.5, "d");
        assertThat(PyJson.write(m)).isEqualTo("{\"1\": \"a\", \"true\": \"b\", \"null\": \"c\", \"2.5\": \"d\"}");
    }

    @Test
    void kombuTypesWrittenAsKombu53Does() {
        assertThat(PyJson.write(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC)))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05.678901+00:00\"}");
        assertThat(PyJson.write(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05+02:00\"}");
        assertThat(PyJson.write(LocalDateTime.of(2024, 1, 2, 3, 4, 5)))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05\"}");
        assertThat(PyJson.write(Instant.parse("2024-01-02T03:04:05.000001Z")))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05.000001+00:00\"}");
        assertThat(PyJson.write(LocalDate.of(2024, 1, 2)))
                .isEqualTo("{\"__type__\": \"date\", \"__value__\": \"2024-01-02\"}");
        assertThat(PyJson.write(LocalTime.of(3, 4, 5)))
                .isEqualTo("{\"__type__\": \"time\", \"__value__\": \"03:04:05\"}");
        assertThat(PyJson.write(new BigDecimal("1.10")))
                .isEqualTo("{\"__type__\": \"decimal\", \"__value__\": \"1.10\"}");
        assertThat(PyJson.write(UUID.fromString("12345678-1234-5678-1234-567812345678")))
                .isEqualTo("{\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"12345678123456781234567812345678\"}}");
        assertThat(PyJson.write("abc".getBytes())).isEqualTo("{\"__type__\": \"bytes\", \"__value__\": \"abc\"}");
        assertThat(PyJson.write(new byte[] {(byte) 0xff, 0}))
                .isEqualTo("{\"__type__\": \"base64\", \"__value__\": \"/wA=\"}");
    }

    @Test
    void exceptionsAsCeleryStoresThem() {
        assertThat(PyJson.write(new ExceptionInfo("ValueError", List.of("boom"), "builtins")))
                .isEqualTo("{\"exc_type\": \"ValueError\", \"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}");
    }

    @Test
    void readsBackWhatItWritesAndPythonsNonFiniteFloats() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("when", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC));
        doc.put("u", UUID.fromString("12345678-1234-5678-1234-567812345678"));
        doc.put("xs", List.of(1, 2.5, "é"));
        assertThat(PyJson.read(PyJson.write(doc))).isEqualTo(doc);
        assertThat(PyJson.read("[NaN, Infinity]")).isEqualTo(List.of(Double.NaN, Double.POSITIVE_INFINITY));
    }

    @Test
    void unknownKombuTypeIsADecodeError() {
        assertThatThrownBy(() -> PyJson.read("{\"__type__\": \"frozenset\", \"__value__\": []}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown kombu JSON type 'frozenset'");
    }

    @Test
    void refusesValuesJsonCannotHold() {
        assertThatThrownBy(() -> PyJson.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
