package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Settings a Python client can observe: task_track_started, accept_content for msgpack and YAML. */
@Timeout(120)
final class WorkerSettingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode python(String queue, String body, Map<String, String> env) throws Exception {
        String[] lines = Services.get().python().run(Py.prelude(queue) + body, env).strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void startedIsVisibleWithTrackStarted() throws Exception {
        String queue = LovageWorker.newQueue("started");
        try (LovageWorker w = LovageWorker.start(queue, c -> c.taskTrackStarted(true))) {
            JsonNode r = python(queue, """
                    res = sleep.delay(1.5)
                    seen = []
                    while not res.ready():
                        st = res.state
                        if st not in seen:
                            seen.append(st)
                        time.sleep(0.02)
                    out([seen, res.get(timeout=10), res.state])
                    """, Map.of());
            assertThat(r.get(0).toString()).contains("\"STARTED\"");
            assertThat(r.get(1).asDouble()).isEqualTo(1.5);
            assertThat(r.get(2).asText()).isEqualTo("SUCCESS");
        }
    }

    @Test
    void msgpackAndYamlAreServedWhenAccepted() throws Exception {
        String queue = LovageWorker.newQueue("serializers");
        try (LovageWorker w = LovageWorker.start(queue, c -> c.acceptContent(List.of("json", "msgpack", "yaml")))) {
            JsonNode r = python(queue, """
                    out([add.apply_async((1, 2), serializer='msgpack').get(timeout=10),
                         echo.apply_async((1, 'a'), {'k': [1, 2]}, serializer='yaml').get(timeout=10)])
                    """, Map.of());
            assertThat(r.get(0).asInt()).isEqualTo(3);
            assertThat(r.get(1).toString()).isEqualTo("{\"args\":[1,\"a\"],\"kwargs\":{\"k\":[1,2]}}");
        }
    }
}
