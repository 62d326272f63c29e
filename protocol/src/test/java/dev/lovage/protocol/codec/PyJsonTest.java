package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every expected string here was printed by Python 3.11's {@code json.dumps} (the command is in the comment), or
 * follows kombu 5.3+'s encoder for the envelopes (spec celery-messages.md §2.2).
 */
final class PyJsonTest {

    @Test
    void escapesStringsExactlyAsPython() throws IOException {
        // python3 gen_string_escapes.py: UTF-16 code units, then json.dumps of that string.
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/python/string-escapes.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSizeGreaterThan(40);
        for (String line : lines) {
            String[] parts = line.split("\t", 2);
            StringBuilder s = new StringBuilder();
            for (String unit : parts[0].split(" ")) {
                if (!unit.isEmpty()) {
                    s.append((char) Integer.parseInt(unit, 16));
                }
            }
            assertThat(PyJson.write(s.toString())).as(line).isEqualTo(parts[1]);
            assertThat(PyJson.read(parts[1])).as(line).isEqualTo(s.toString());
        }
    }

    @Test
    void separatorsNestingAndOrderAsPython() {
        // python3 -c 'import json; print(json.dumps({"a": [1, 2.0, None, True, False, {"b": {}}, []], "é": "ü",
        //   "n": -5, "big": 2**64, "f": [0.1, 1e16, 1e-05, -0.0, 1.5e300, 123456789012345.0]}))'
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", Arrays.asList(1, 2.0, null, true, false, Map.of("b", Map.of()), List.of()));
        doc.put("é", "ü");
        doc.put("n", -5L);
        doc.put("big", BigInteger.TWO.pow(64));
        doc.put("f", List.of(0.1, 1e16, 1e-05, -0.0, 1.5e300, 123456789012345.0));
        assertThat(PyJson.write(doc)).isEqualTo("{\"a\": [1, 2.0, null, true, false, {\"b\": {}}, []], "
                + "\"\\u00e9\": \"\\u00fc\", \"n\": -5, \"big\": 18446744073709551616, "
                + "\"f\": [0.1, 1e+16, 1e-05, -0.0, 1.5e+300, 123456789012345.0]}");
        // python3 -c 'import json; print(json.dumps([[], {}, [[]], ""]))'
        assertThat(PyJson.write(List.of(List.of(), Map.of(), List.of(List.of()), ""))).isEqualTo("[[], {}, [[]], \"\"]");
        assertThat(PyJson.write(null)).isEqualTo("null");
        assertThat(PyJson.write(1.0f)).isEqualTo("1.0");
    }

    @Test
    void arraysAndCollectionsAreJsonArrays() {
        // python3 -c 'import json; print(json.dumps((1, 2, 3)), json.dumps([0.5, -1.25]), json.dumps([True, False]))'
        assertThat(PyJson.write(new Object[] {1, 2, 3})).isEqualTo("[1, 2, 3]");
        assertThat(PyJson.write(new int[] {1, 2, 3})).isEqualTo("[1, 2, 3]");
        assertThat(PyJson.write(new double[] {0.5, -1.25})).isEqualTo("[0.5, -1.25]");
        assertThat(PyJson.write(new boolean[] {true, false})).isEqualTo("[true, false]");
        assertThat(PyJson.write(new LinkedHashSet<>(List.of(1, 2, 3)))).isEqualTo("[1, 2, 3]");
    }

    @Test
    void nonStringKeysBecomeStringsAsInPython() {
        // python3 -c 'import json; print(json.dumps({True: "b", None: "c", 2.5: "d", 10**20: "e", -0.0: "f"}))'
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(true, "b");
        m.put(null, "c");
        m.put(2.5, "d");
        m.put(BigInteger.TEN.pow(20), "e");
        m.put(-0.0, "f");
        m.put(7, "g");
        m.put(new StringBuilder("sb"), "h");
        assertThat(PyJson.write(m)).isEqualTo("{\"true\": \"b\", \"null\": \"c\", \"2.5\": \"d\", "
                + "\"100000000000000000000\": \"e\", \"-0.0\": \"f\", \"7\": \"g\", \"sb\": \"h\"}");
        assertThatThrownBy(() -> PyJson.write(Map.of(new BigDecimal("1.5"), 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.math.BigDecimal");
    }

    @Test
    void kombuTypesWrittenAsKombu53Does() {
        assertThat(PyJson.write(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC)))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05.678901+00:00\"}");
        assertThat(PyJson.write(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 1_000_999, ZoneOffset.ofHoursMinutes(-5, -30))))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05.001000-05:30\"}");
        assertThat(PyJson.write(ZonedDateTime.of(2024, 7, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris"))))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-07-02T03:04:05+02:00\"}");
        assertThat(PyJson.write(LocalDateTime.of(2024, 1, 2, 3, 4, 5)))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05\"}");
        assertThat(PyJson.write(Instant.parse("2024-01-02T03:04:05.000001Z")))
                .isEqualTo("{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05.000001+00:00\"}");
        assertThat(PyJson.write(LocalDate.of(2024, 1, 2)))
                .isEqualTo("{\"__type__\": \"date\", \"__value__\": \"2024-01-02\"}");
        assertThat(PyJson.write(LocalTime.of(3, 4, 5, 10_000)))
                .isEqualTo("{\"__type__\": \"time\", \"__value__\": \"03:04:05.000010\"}");
        assertThat(PyJson.write(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("{\"__type__\": \"time\", \"__value__\": \"03:04:05+02:00\"}");
        // python3 -c 'from decimal import Decimal as D; print(str(D("1.10")), str(D("1E+3")), str(D("0.0000001")))'
        assertThat(PyJson.write(List.of(new BigDecimal("1.10"), new BigDecimal("1E+3"), new BigDecimal("0.0000001"))))
                .isEqualTo("[{\"__type__\": \"decimal\", \"__value__\": \"1.10\"}, {\"__type__\": \"decimal\", "
                        + "\"__value__\": \"1E+3\"}, {\"__type__\": \"decimal\", \"__value__\": \"1E-7\"}]");
        assertThat(PyJson.write(UUID.fromString("12345678-1234-5678-1234-567812345678")))
                .isEqualTo("{\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"12345678123456781234567812345678\"}}");
        assertThat(PyJson.write("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"__type__\": \"bytes\", \"__value__\": \"abc\"}");
        assertThat(PyJson.write("é".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"__type__\": \"bytes\", \"__value__\": \"\\u00e9\"}");
        assertThat(PyJson.write(new byte[] {(byte) 0xff, 0}))
                .isEqualTo("{\"__type__\": \"base64\", \"__value__\": \"/wA=\"}");
    }

    @Test
    void exceptionsAsCeleryStoresThem() {
        assertThat(PyJson.write(ExceptionInfo.of("builtins", "ValueError", "boom")))
                .isEqualTo("{\"exc_type\": \"ValueError\", \"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}");
        // python3 -c 'import json; print(json.dumps({"exc_type": "MyError", "exc_message": ["custom", 42, None],
        //   "exc_module": None}))'
        assertThat(PyJson.write(new ExceptionInfo("MyError", Arrays.asList("custom", 42, null), null)))
                .isEqualTo("{\"exc_type\": \"MyError\", \"exc_message\": [\"custom\", 42, null], \"exc_module\": null}");
    }

    @Test
    void refusesValuesJsonCannotHoldNamingTheirType() {
        record Point(int x, int y) {
        }
        assertThatThrownBy(() -> PyJson.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> PyJson.write(List.of(new Point(1, 2)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Point");
        assertThatThrownBy(() -> PyJson.write(Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.Optional");
    }

    @Test
    void resultDocumentsPythonStoredRoundTripByteForByte() {
        int checked = 0;
        for (String scenario : List.of("add_success", "chain", "chord", "chord_header_failure", "failure",
                "link_errback", "retry", "retry_exhausted")) {
            JsonNode root = WireFixtures.tree("/wire/redis-celery-5.2.6/" + scenario + ".json");
            for (JsonNode snapshot : root.get("snapshots")) {
                for (JsonNode key : snapshot.get("keys")) {
                    List<String> raws = new ArrayList<>();
                    if (key.path("raw").isTextual() && key.get("raw").asText().startsWith("{")) {
                        raws.add(key.get("raw").asText());
                    }
                    key.path("members").forEach(m -> raws.add(m.get("member_raw").asText()));
                    for (String raw : raws) {
                        assertThat(PyJson.write(PyJson.read(raw))).as(scenario).isEqualTo(raw);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    void readsPlainJavaValues() {
        Object v = PyJson.read("{\"z\": 1, \"a\": [2147483648, 9223372036854775808, 1.0, 1e400, -0, true, null],"
                + " \"m\": {}}");
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(new ArrayList<Object>(m.keySet())).containsExactly("z", "a", "m");
        assertThat(m.get("z")).isEqualTo(1);
        assertThat(new ArrayList<Object>((List<?>) m.get("a"))).containsExactly(2147483648L, new BigInteger("9223372036854775808"), 1.0,
                Double.POSITIVE_INFINITY, 0, true, null);
        assertThat(m.get("a")).isInstanceOf(ArrayList.class);
        assertThat(PyJson.read("[NaN, Infinity, -Infinity]"))
                .isEqualTo(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Test
    void readsBothKombuDialects() {
        assertThat(PyJson.read("\"2024-01-02T03:04:05.678901Z\"")).isEqualTo("2024-01-02T03:04:05.678901Z");
        assertThat(PyJson.read("{\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"12345678123456781234567812345678\","
                + " \"version\": 4}}")).isEqualTo(UUID.fromString("12345678-1234-4678-9234-567812345678"));
        assertThat(PyJson.read("{\"__type__\": \"time\", \"__value__\": \"03:04:05+02:00\"}"))
                .isEqualTo(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2)));
        assertThat((byte[]) PyJson.read("{\"__type__\": \"base64\", \"__value__\": \"/w\\nA=\"}"))
                .isEqualTo(new byte[] {(byte) 0xff, 0});
        assertThat(PyJson.read("{\"__value__\": 1, \"__type__\": \"date\", \"x\": 2}")).isInstanceOf(Map.class);
    }

    @Test
    void readsBackWhatItWrites() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("when", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC));
        doc.put("naive", LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        doc.put("day", LocalDate.of(2024, 1, 2));
        doc.put("at", LocalTime.of(3, 4, 5));
        doc.put("dec", new BigDecimal("12.340"));
        doc.put("u", UUID.fromString("12345678-1234-5678-1234-567812345678"));
        doc.put("xs", List.of(1, 2.5, "é", Long.MAX_VALUE));
        assertThat(PyJson.read(PyJson.write(doc))).isEqualTo(doc);
        byte[] bin = {0, 1, (byte) 0xff};
        assertThat((byte[]) PyJson.read(PyJson.write(bin))).isEqualTo(bin);
    }

    @Test
    void refusesTextThatIsNotOneJsonValue() {
        for (String bad : List.of("", "[1,", "[1] [2]", "{'a': 1}", "[01]", "{\"__type__\": \"frozenset\", \"__value__\": []}")) {
            assertThatThrownBy(() -> PyJson.read(bad)).as(bad).isInstanceOf(ProtocolException.class)
                    .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.DECODE_ERROR));
        }
        assertThatThrownBy(() -> PyJson.read("{\"__type__\": \"frozenset\", \"__value__\": []}"))
                .hasMessageContaining("unknown kombu JSON type 'frozenset'");
    }
}
