package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lovage.client.CeleryClient;
import dev.lovage.client.CeleryResult;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Services;
import dev.lovage.protocol.CanvasScenarios;
import dev.lovage.protocol.PlanJson;
import dev.lovage.worker.CeleryConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the Java client publishes is what Python Celery (newest) publishes for the same canvas, field by field, read
 * back from RabbitMQ by the same Python reader: exchange, routing key, properties, every header in Celery's order,
 * the body; and the same result tree. Ids, times, origin and the queue names aside. The canvases are those of
 * docker/python-celery/capture_canvas.py (CanvasScenarios in Java), each published to a queue of its own.
 */
@Timeout(300)
final class PublishedMessagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Not here: the ones that publish to another queue or exchange than their own, and those run inside a task.
    private static final Set<String> SKIPPED = Set.of("add_options", "exchange_rk", "chord_options");

    @Test
    void everyCanvasIsPublishedAsPythonPublishesIt() throws Exception {
        Services s = Services.get();
        String py = LovageWorker.newQueue("pub_py") + "_";
        String java = LovageWorker.newQueue("pub_java") + "_";
        List<String> names = CanvasScenarios.names().stream()
                .filter(n -> !SKIPPED.contains(n) && CanvasScenarios.get(n).running() == null).toList();
        Map<String, JsonNode> pythonResults = new LinkedHashMap<>();
        for (String line : lines(s.python().run("import capture_canvas as c; c.main(['--live', '" + py + "', "
                + quoted(names) + "])"))) {
            JsonNode doc = JSON.readTree(line);
            pythonResults.put(doc.get("scenario").asText(), doc.get("result"));
        }
        Map<String, JsonNode> javaResults = new LinkedHashMap<>();
        for (String name : names) {
            try (CeleryClient client = CeleryClient.connect(CeleryConfig.builder().brokerUrl(s.amqpUrl())
                    .resultBackend(s.redisUrl()).taskDefaultQueue(java + name).build())) {
                CanvasScenarios.Scenario sc = CanvasScenarios.get(name);
                CeleryResult r = client.apply(sc.signature(), sc.args(), Map.of(), sc.options());
                javaResults.put(name, JSON.valueToTree(r.toRef().asTuple()));
            }
        }
        List<String> queues = new ArrayList<>();
        names.forEach(n -> {
            queues.add(py + n);
            queues.add(java + n);
        });
        Map<String, ArrayNode> messages = new LinkedHashMap<>();
        for (String line : lines(s.python().run("import capture_canvas as c; c.main(['--read', "
                + quoted(queues) + "])"))) {
            JsonNode m = JSON.readTree(line);
            messages.computeIfAbsent(m.get("queue").asText(), q -> JSON.createArrayNode()).add(m);
        }
        for (String name : names) {
            assertThat(messages.get(py + name)).as("what Python published for %s", name).isNotEmpty();
            assertThat(messages.get(java + name)).as("what Java published for %s", name)
                    .hasSameSizeAs(messages.get(py + name));
            JsonNode expected = normalise(doc(messages.get(py + name), pythonResults.get(name)), py + name);
            JsonNode actual = normalise(doc(messages.get(java + name), javaResults.get(name)), java + name);
            assertThat(actual.toPrettyString()).as("scenario %s: Java's messages vs Python's", name)
                    .isEqualTo(expected.toPrettyString());
            assertThat(headerOrder(actual)).as("scenario %s: header order", name).isEqualTo(headerOrder(expected));
        }
    }

    private static ObjectNode doc(ArrayNode messages, JsonNode result) {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("messages", messages == null ? JSON.createArrayNode() : messages);
        doc.set("result", result);
        return doc;
    }

    private static JsonNode normalise(JsonNode doc, String queue) throws Exception {
        return PlanJson.normalise(JSON.readTree(doc.toString().replace(queue, "<queue>")));
    }

    private static List<List<String>> headerOrder(JsonNode doc) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode m : doc.get("messages")) {
            List<String> keys = new ArrayList<>();
            m.get("headers").fieldNames().forEachRemaining(keys::add);
            out.add(keys);
        }
        return out;
    }

    private static String quoted(List<String> items) {
        return String.join(", ", items.stream().map(i -> "'" + i + "'").toList());
    }

    private static List<String> lines(String out) {
        return out.lines().filter(l -> l.startsWith("{")).toList();
    }
}
