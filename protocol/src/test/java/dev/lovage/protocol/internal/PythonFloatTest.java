package dev.lovage.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Python's float repr, which json.dumps writes. The table in src/test/resources/python/float-repr.txt was made by
 * python3 (gen_float_repr.py there): random bit patterns, subnormals, round decimals and the layout boundaries.
 */
final class PythonFloatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1e16|1e+16", "1e15|1000000000000000.0", "9999999999999998.0|9999999999999998.0", "0.0001|0.0001",
            "0.00001|1e-05", "9.999e-5|9.999e-05", "1.5e300|1.5e+300", "123456789012345.0|123456789012345.0",
            "12345678901234567.0|1.2345678901234568e+16", "0.1|0.1", "1e-7|1e-07", "2.5|2.5", "100.0|100.0",
            "1e22|1e+22", "1e23|1e+23", "4.9e-324|5e-324", "1e-323|1e-323", "-0.0|-0.0", "0.0|0.0",
            "0.30000000000000004|0.30000000000000004", "-2.5e-10|-2.5e-10", "1.7976931348623157e308|1.7976931348623157e+308",
            "2.2250738585072014e-308|2.2250738585072014e-308", "NaN|NaN", "Infinity|Infinity", "-Infinity|-Infinity"})
    void writesAsPythonRepr(double value, String python) {
        assertThat(PythonFloat.repr(value)).isEqualTo(python);
    }

    @Test
    void agreesWithPythonOnThousandsOfValues() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/python/float-repr.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .toList();
        }
        assertThat(lines).hasSizeGreaterThan(2000);
        for (String line : lines) {
            String[] parts = line.split(" ");
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0]));
            assertThat(PythonFloat.repr(d)).as("bits %s", parts[0]).isEqualTo(parts[1]);
        }
    }
}
