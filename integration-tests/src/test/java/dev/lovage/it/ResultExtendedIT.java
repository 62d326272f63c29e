package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.RedisInspector;
import dev.lovage.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same calls served by a Python worker and by a Lovage worker, both with result_extended: the documents in
 * Redis must match field by field and in field order, apart from ids, times and the worker's name.
 */
@Timeout(180)
final class ResultExtendedIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VARYING = List.of("task_id", "date_done", "worker", "traceback");

    private static List<String> ids(String queue) throws Exception {
        String script = Py.prelude(queue) + """
                app.conf.result_extended = True
                ids = []
                for sig in (add.s(10, 20), echo.s(1, 'é', k={'a': None}), fail.s('boom')):
                    res = sig.apply_async()
                    try:
                        res.get(timeout=20)
                    except Exception:
                        pass
                    ids.append(res.id)
                out(ids)
                """;
        String[] lines = Services.get().python().run(script, Map.of("CELERY_RESULT_EXTENDED", "true"))
                .strip().split("\n");
        List<String> out = new ArrayList<>();
        JSON.readTree(lines[lines.length - 1]).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void extendedDocumentsEqualAPythonWorkersFieldByField() throws Exception {
        String pyQueue = LovageWorker.newQueue("py_ext");
        String javaQueue = LovageWorker.newQueue("java_ext");
        List<String> fromPython;
        try (PythonCelery.ProcessHandleCloseable py = Services.get().python().startWorker(pyQueue, "pyext@%h",
                Map.of("CELERY_RESULT_EXTENDED", "true"))) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            fromPython = ids(pyQueue);
        }
        List<String> fromJava;
        try (LovageWorker w = LovageWorker.start(javaQueue, c -> c.resultExtended(true))) {
            fromJava = ids(javaQueue);
        }
        try (RedisInspector redis = new RedisInspector()) {
            for (int i = 0; i < fromPython.size(); i++) {
                ObjectNode py = (ObjectNode) JSON.readTree(redis.result(fromPython.get(i)));
                ObjectNode java = (ObjectNode) JSON.readTree(redis.result(fromJava.get(i)));
                assertThat(fieldNames(java)).as("field order, call %d", i).isEqualTo(fieldNames(py));
                for (String field : fieldNames(py)) {
                    if (VARYING.contains(field)) {
                        continue;
                    }
                    JsonNode expected = field.equals("queue") ? JSON.getNodeFactory().textNode(javaQueue)
                            : py.get(field);
                    assertThat(java.get(field)).as("field %s of call %d", field, i).isEqualTo(expected);
                }
                assertThat(py.get("queue").asText()).isEqualTo(pyQueue);
                assertThat(java.get("worker").asText()).startsWith("lovage-it-");
                assertThat(java.get("date_done").asText()).hasSize(py.get("date_done").asText().length());
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
