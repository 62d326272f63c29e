package dev.lovage.protocol.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** JSON texts of any shape: task bodies that are right, nearly right, or nothing like one. */
final class JsonShapes {
    private JsonShapes() {
    }

    static Arbitrary<String> values() {
        return Arbitraries.oneOf(taskBodies(), value(4), deep(), wide());
    }

    // [args, kwargs, embed] with generated members, sometimes the wrong types.
    private static Arbitrary<String> taskBodies() {
        return Combinators.combine(value(3), value(3), value(3))
                .as((a, k, e) -> "[" + a + ", " + k + ", " + e + "]");
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "NaN", "Infinity", "-Infinity", "0", "-0", "1e308",
                        "1e309", "123456789012345678901234567890", "0.1", "\"\"", "\"\\u00e9\\ud83d\\ude00\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(20).map(JsonShapes::quote));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> list = value(depth - 1).list().ofMaxSize(5).map(l -> "[" + String.join(", ", l) + "]");
        Arbitrary<String> map = Combinators.combine(
                Arbitraries.strings().ofMaxLength(8).map(JsonShapes::quote).list().ofMaxSize(5),
                value(depth - 1).list().ofSize(5)).as((keys, vals) -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        sb.append(i == 0 ? "" : ", ").append(keys.get(i)).append(": ").append(vals.get(i));
                    }
                    return sb.append('}').toString();
                });
        Arbitrary<String> envelope = Combinators.combine(
                Arbitraries.of("datetime", "date", "time", "decimal", "uuid", "bytes", "base64", "set"), scalar)
                .as((t, v) -> "{\"__type__\": \"" + t + "\", \"__value__\": " + v + "}");
        return Arbitraries.oneOf(scalar, list, map, envelope);
    }

    private static Arbitrary<String> deep() {
        return Arbitraries.integers().between(1, 3000).map(n -> "[[" + "[".repeat(n) + "]".repeat(n) + "], {}, null]");
    }

    private static Arbitrary<String> wide() {
        return Arbitraries.of(List.of("0", "[]", "{}", "\"x\"")).flatMap(item -> Arbitraries.integers()
                .between(1, 200_000).map(n -> "[[" + (item + ",").repeat(n) + item + "], {}, null]"));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
