package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.client.AsyncResult;
import dev.lovage.client.CeleryClient;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.worker.CeleryConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class JavaClientSmokeIT {
    @Test
    void sendsAddToAPythonWorker() {
        Services s = Services.get();
        String queue = LovageWorker.newQueue("client_smoke");
        try (PythonCelery.ProcessHandleCloseable py = s.python().startWorker(queue, "client-smoke@%h", Map.of());
             CeleryClient celery = CeleryClient.connect(CeleryConfig.builder().brokerUrl(s.amqpUrl())
                     .resultBackend(s.redisUrl()).taskDefaultQueue(queue).build())) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            AsyncResult r = celery.send("tasks.add", 2, 3);
            assertThat(r.get(Duration.ofSeconds(30))).isEqualTo(5);
        }
    }
}
