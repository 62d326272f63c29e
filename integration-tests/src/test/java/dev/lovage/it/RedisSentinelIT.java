package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.RedisServer;
import dev.lovage.it.support.Services;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Redis broker found through Sentinel ({@code sentinel://} with the {@code master_name} transport option). */
@Timeout(120)
final class RedisSentinelIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pythonAndLovageMeetThroughSentinel() throws Exception {
        String queue = LovageWorker.newQueue("sentinel");
        try (RedisServer master = RedisServer.start(false);
             RedisServer sentinel = RedisServer.sentinel("lvmaster", master)) {
            String url = "sentinel://127.0.0.1:" + sentinel.port() + "/0";
            try (LovageWorker lovage = LovageWorker.start(queue, c -> c.brokerUrl(url)
                    .brokerTransportOptions(Map.of("master_name", "lvmaster")))) {
                PythonCelery py = Services.get().python().with(Map.of("CELERY_BROKER_URL", url,
                        "CELERY_BROKER_TRANSPORT_OPTIONS", "{\"master_name\": \"lvmaster\"}"));
                String node = lovage.worker().hostname();
                String out = py.run(Py.prelude(queue) + """
                        pong = app.control.inspect(destination=['%s'], timeout=3).ping()
                        out([add.delay(4, 5).get(timeout=10), pong])
                        """.formatted(node));
                String[] lines = out.strip().split("\n");
                JsonNode r = JSON.readTree(lines[lines.length - 1]);
                assertThat(r.get(0).asInt()).isEqualTo(9);
                assertThat(r.get(1).get(node).get("ok").asText()).isEqualTo("pong");
            }
        }
    }
}
