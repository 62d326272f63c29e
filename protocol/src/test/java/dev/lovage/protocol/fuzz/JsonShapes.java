package dev.lovage.protocol.fuzz;

import java.util.List;

/** JSON texts of any shape: task bodies that are right, nearly right, or nothing like one. */
final class JsonShapes {
    private JsonShapes() {
    }

    static Gen<String> values() {
        return Gen.oneOf(taskBodies(), value(4), deep(), wide());
    }

    // [args, kwargs, embed] with generated members, sometimes the wrong types.
    private static Gen<String> taskBodies() {
        Gen<String> member = value(3);
        return r -> "[" + member.next(r) + ", " + member.next(r) + ", " + member.next(r) + "]";
    }

    private static Gen<String> value(int depth) {
        Gen<String> scalar = Gen.oneOf(
                Gen.of(List.of("null", "true", "false", "NaN", "Infinity", "-Infinity", "0", "-0", "1e308",
                        "1e309", "123456789012345678901234567890", "0.1", "\"\"", "\"\\u00e9\\ud83d\\ude00\"")),
                Gen.anyInt().map(String::valueOf),
                Gen.anyDouble().map(String::valueOf),
                Gen.strings(20).map(JsonShapes::quote));
        if (depth == 0) {
            return scalar;
        }
        Gen<String> inner = value(depth - 1);
        Gen<String> list = inner.list(0, 5).map(l -> "[" + String.join(", ", l) + "]");
        // Up to five keys, duplicates possible, each with a value.
        Gen<List<String>> keys = Gen.strings(8).map(JsonShapes::quote).list(0, 5);
        Gen<String> map = r -> {
            StringBuilder sb = new StringBuilder("{");
            List<String> names = keys.next(r);
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(inner.next(r));
            }
            return sb.append('}').toString();
        };
        Gen<String> type = Gen.of(List.of("datetime", "date", "time", "decimal", "uuid", "bytes", "base64", "set"));
        Gen<String> envelope = r -> "{\"__type__\": \"" + type.next(r) + "\", \"__value__\": " + scalar.next(r) + "}";
        return Gen.oneOf(scalar, list, map, envelope);
    }

    // Nesting from 1 to 3,000 levels (the decoder's limit is in between).
    private static Gen<String> deep() {
        return Gen.ints(1, 3000).map(n -> "[[" + "[".repeat(n) + "]".repeat(n) + "], {}, null]");
    }

    // Up to 200,000 args of one kind of item.
    private static Gen<String> wide() {
        return Gen.of(List.of("0", "[]", "{}", "\"x\"")).flatMap(item -> Gen.ints(1, 200_000)
                .map(n -> "[[" + (item + ",").repeat(n) + item + "], {}, null]"));
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
