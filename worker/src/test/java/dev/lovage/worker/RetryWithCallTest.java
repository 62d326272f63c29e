package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.broker.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code self.retry(args=..., kwargs=...)}: the retried message carries the new call. */
@Timeout(10)
final class RetryWithCallTest extends WorkerTestSupport {
    @Test
    void retryWithNewArgumentsRepublishesThem() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.again", (ctx, args) -> {
                    throw ctx.retry(null, Duration.ZERO).withCall(List.of(args.intAt(0) + 1), Map.of("label", "kept"));
                })
                .build();
        worker.start();
        var message = aTaskMessage().withTask("tasks.again").withArgs(1);
        broker.deliver(message);
        OutgoingMessage published = broker.awaitPublished(1, WAIT).get(0);
        assertThat(published.headers()).containsEntry("retries", 1);
        List<?> body = (List<?>) PyJson.read(new String(published.body(), StandardCharsets.UTF_8));
        assertThat(body.get(0)).isEqualTo(List.of(2));
        assertThat(body.get(1)).isEqualTo(Map.of("label", "kept"));
        assertThat(published.properties().contentType()).isEqualTo("application/json");
    }

    @Test
    void retryWithoutNewArgumentsKeepsTheBody() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.again", (ctx, args) -> {
                    throw ctx.retry(null, Duration.ZERO);
                })
                .build();
        worker.start();
        var message = aTaskMessage().withTask("tasks.again").withArgs(7);
        broker.deliver(message);
        OutgoingMessage published = broker.awaitPublished(1, WAIT).get(0);
        List<?> body = (List<?>) PyJson.read(new String(published.body(), StandardCharsets.UTF_8));
        assertThat(body.get(0)).isEqualTo(List.of(7));
    }
}
