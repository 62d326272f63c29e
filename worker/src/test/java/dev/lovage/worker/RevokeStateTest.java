package dev.lovage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A remote revoke stores REVOKED before it replies, except for a task another worker started (Celery 5.7). */
@Timeout(10)
final class RevokeStateTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingBroker broker = new RecordingBroker();
    private final InMemoryResultBackend backend = new InMemoryResultBackend();
    private CeleryWorker worker;

    @AfterEach
    void closeWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
            assertThat(worker.awaitTermination(WAIT)).isTrue();
        }
    }

    @Test
    void revokeLeavesATaskStartedElsewhereAndRevokesTheRestBeforeReplying() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).resultBackend(backend)
                .hostname("unit@host").mingle(false).build();
        worker.start();
        backend.store(new ResultMeta("started", TaskState.STARTED, Map.of("hostname", "other@host"), null,
                List.of(), null, null, null, null));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "revoke");
        request.put("arguments", Map.of("task_id", List.of("started", "fresh")));
        request.put("destination", null);
        request.put("ticket", "ticket-1");
        request.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", "client-1"));
        broker.control(PyJson.write(request).getBytes(StandardCharsets.UTF_8));
        long end = System.nanoTime() + WAIT.toNanos();
        while (broker.transients().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(broker.transients()).isNotEmpty();
        assertThat(backend.get("started").status()).isEqualTo(TaskState.STARTED);
        assertThat(backend.get("fresh").status()).isEqualTo(TaskState.REVOKED);
    }
}
