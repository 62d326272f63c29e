package dev.lovage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.testing.InMemoryResultBackend;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code inspect registered('name')}: each name followed by {@code [name=...]}, as a Celery worker answers. */
@Timeout(10)
final class InspectRegisteredTest extends WorkerTestSupport {
    @Test
    void registeredWithTaskInfoItemsNamesEachTask() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker)
                .resultBackend(new InMemoryResultBackend()).mingle(false)
                .task("tasks.add", (ctx, args) -> 2).build();
        worker.start();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "registered");
        request.put("arguments", Map.of("taskinfoitems", List.of("name")));
        request.put("destination", null);
        request.put("ticket", "ticket-registered");
        request.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", "client-2"));
        broker.control(PyJson.write(request).getBytes(StandardCharsets.UTF_8));
        long end = System.nanoTime() + WAIT.toNanos();
        String reply = null;
        while (reply == null && System.nanoTime() < end) {
            for (var m : broker.transients()) {
                if (m.routingKey().equals("client-2")) {
                    reply = new String(m.body(), StandardCharsets.UTF_8);
                }
            }
            Thread.sleep(5);
        }
        assertThat(reply).contains("\"tasks.add [name=tasks.add]\"");
    }
}
