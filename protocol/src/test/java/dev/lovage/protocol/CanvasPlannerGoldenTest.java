package dev.lovage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every canvas scenario plans exactly what Python Celery 5.7.0 published for it (celery-5.7.0.jsonl, captured by
 * docker/python-celery/capture_canvas.py): the same messages in the same order with the same exchange, routing key,
 * declared queue, properties, headers (in Celery's order) and body, the same chord sizes, and the same result tree,
 * once ids, times and origin are normalised.
 */
final class CanvasPlannerGoldenTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static Map<String, JsonNode> captured() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (InputStream in = CanvasPlannerGoldenTest.class.getResourceAsStream("/canvas/celery-5.7.0.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode doc = PlanJson.JSON.readTree(line);
                    out.put(doc.get("scenario").asText(), doc);
                }
            }
        }
        return out;
    }

    static Stream<String> scenarios() throws IOException {
        return captured().keySet().stream();
    }

    static CanvasPlan plan(String name) {
        boolean proto1 = name.startsWith("proto1:");
        CanvasScenarios.Scenario s = CanvasScenarios.get(proto1 ? name.substring(7) : name);
        CanvasPlanner planner = CanvasPlanner.builder().clock(InstantSource.fixed(NOW))
                .taskProtocol(proto1 ? 1 : 2).build();
        return switch (s.mode()) {
            case "replace" -> planner.replace(s.signature(), s.running());
            case "add_to_chord" -> planner.addToChord(s.signature(), s.running());
            default -> planner.plan(s.signature(), s.args(), Map.of(), s.options(),
                    s.running() == null ? null : s.running().asParent());
        };
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void plansWhatPythonPublished(String name) throws IOException {
        JsonNode python = captured().get(name);
        CanvasPlan plan = plan(name);
        com.fasterxml.jackson.databind.node.ObjectNode java = PlanJson.of(plan);
        if (python.has("trail")) {
            java.set("trail", PlanJson.JSON.valueToTree(plan.trail().stream().map(ResultRef::asTuple).toList()));
        }
        if (python.get("result").isNull()) {
            java.putNull("result");
        }
        assertThat(PlanJson.normalise(java).toPrettyString())
                .isEqualTo(PlanJson.normalise(((com.fasterxml.jackson.databind.node.ObjectNode) python.deepCopy()).without("scenario")).toPrettyString());
        assertThat(headerOrder(java)).isEqualTo(headerOrder(python));
    }

    private static List<List<String>> headerOrder(JsonNode doc) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode op : doc.get("ops")) {
            if (op.has("headers")) {
                List<String> keys = new ArrayList<>();
                op.get("headers").fieldNames().forEachRemaining(keys::add);
                out.add(keys);
            }
        }
        return out;
    }
}
