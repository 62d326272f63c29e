package dev.lovage.protocol;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lovage.protocol.codec.PyJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Canvases built with Lovage's API have, byte for byte, the dict form Python Celery 5.7.0 gives the same canvas
 * built with {@code |}, {@code chain()}, {@code link} and friends (compositions-5.7.0.jsonl, from
 * {@code capture_canvas.py --compose}), and read back to an equal value.
 */
final class SignatureCompositionTest {
    static Signature add(Object... a) {
        return Signature.of("tasks.add", a);
    }

    static Signature mul(Object... a) {
        return Signature.of("tasks.mul", a);
    }

    static final Signature XSUM = Signature.of("tasks.xsum");
    static final Signature ECHO = Signature.of("tasks.echo");

    static Signature build(String name) {
        return switch (name) {
            case "task_or_task" -> add(1, 1).then(mul(2));
            case "chain_or_task" -> chain(add(1, 1), mul(2)).then(add(3));
            case "group_or_task" -> group(add(1, 1), add(2, 2)).then(XSUM);
            case "chain_ending_group_or_task" -> chain(add(1, 1), group(mul(2), mul(3))).then(XSUM);
            case "chord_or_task" -> chord(List.of(add(1, 1)), XSUM).then(mul(2));
            case "chain_ending_chord_or_task" -> chain(add(1, 1), chord(List.of(mul(2)), XSUM)).then(add(1));
            case "folded_chain" -> chain(add(1), group(mul(2), mul(3)), XSUM, add(1));
            case "group_of_one_or_task" -> group(add(1, 1)).then(mul(2));
            case "task_or_group_of_one" -> add(1, 1).then(group(mul(2)));
            case "chain_or_chain" -> chain(add(1, 1), add(0)).then(chain(mul(2), add(3)));
            case "links" -> add(1, 1).linkError(ECHO).set("link", List.of(mul(2)));
            case "group_link" -> group(add(1, 1), add(2, 2)).link(mul(3));
            case "chord_link_error" -> chord(List.of(add(1, 1)), XSUM).linkError(ECHO);
            case "immutable" -> add(1, 1).withImmutable(true);
            case "partial" -> add(1).clone(List.of(5), Map.of("x", 1));
            case "options" -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("queue", "q");
                o.put("countdown", 10);
                o.put("priority", 3);
                o.put("headers", Map.of("h", 1));
                yield add(2, 2).set(o);
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Map<String, String> python() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = SignatureCompositionTest.class.getResourceAsStream("/canvas/compositions-5.7.0.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode doc = PlanJson.JSON.readTree(line);
                    out.put(doc.get("composition").asText(), doc.get("json").asText());
                }
            }
        }
        return out;
    }

    static Stream<String> compositions() throws IOException {
        return python().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("compositions")
    void hasPythonsDictForm(String name) throws IOException {
        Signature sig = build(name);
        assertThat(PyJson.write(sig.toDict())).isEqualTo(python().get(name));
        assertThat(Signature.fromDict(PyJson.read(python().get(name)))).isEqualTo(sig);
    }

    @Test
    void aCanvasSurvivesTheRoundTripThroughJsonAsATaskArgument() {
        Signature canvas = chain(add(1, 1), chord(List.of(mul(2), mul(3)), XSUM)).then(add(1)).link(ECHO);
        Object viaWire = PyJson.read(PyJson.write(List.of(canvas)));
        assertThat(Signature.fromDict(((List<?>) viaWire).get(0))).isEqualTo(canvas);
        assertThat(canvas.isChain()).isTrue();
        assertThat(canvas.tasks().get(1).isChord()).isTrue();
        assertThat(canvas.tasks().get(1).body().isChain()).as("the task after a chord joins its body").isTrue();
    }
}
