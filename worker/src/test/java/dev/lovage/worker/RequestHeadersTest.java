package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TaskContext#headers()} holds what Celery's {@code self.request} reads from the message headers. */
@Timeout(10)
final class RequestHeadersTest extends WorkerTestSupport {
    @Test
    void headersCarryTimeLimitEtaAndCustomHeaders() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.headers", (ctx, args) -> ctx.headers())
                .build();
        worker.start();
        var message = aTaskMessage().withTask("tasks.headers").withHeader("timelimit", List.of(30, 20))
                .withHeader("x-test-header", "test-value");
        broker.deliver(message);
        long end = System.nanoTime() + WAIT.toNanos();
        while (backend.get(message.id()) == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        ResultMeta meta = backend.get(message.id());
        assertThat(meta).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) meta.result();
        assertThat(headers).containsEntry("timelimit", List.of(30, 20)).containsEntry("x-test-header", "test-value")
                .containsEntry("id", message.id()).containsKeys("eta", "expires", "group_index", "origin");
    }
}
