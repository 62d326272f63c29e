package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code task.starmap(it)} and {@code task.map(it)}: Celery's built-in celery.starmap and celery.xmap. */
@Timeout(10)
final class MapTasksTest extends WorkerTestSupport {
    @BeforeEach
    void start() {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.add", (ctx, args) -> args.intAt(0) + args.intAt(1))
                .task("tasks.double", (ctx, args) -> args.intAt(0) * 2)
                .build();
        worker.start();
    }

    @Test
    void starmapCallsTheTaskWithEachItemAsArguments() throws Exception {
        var message = aTaskMessage().withTask("celery.starmap").withKwargs(Map.of(
                "task", Signature.of("tasks.add").toDict(), "it", List.of(List.of(1, 1), List.of(2, 2))));
        broker.deliver(message);
        ResultMeta meta = awaitResult(message.id());
        assertThat(meta.status()).isEqualTo(TaskState.SUCCESS);
        assertThat(meta.result()).isEqualTo(List.of(2, 4));
    }

    @Test
    void xmapCallsTheTaskWithEachItem() throws Exception {
        var message = aTaskMessage().withTask("celery.xmap").withKwargs(Map.of(
                "task", Signature.of("tasks.double").toDict(), "it", List.of(1, 2, 3)));
        broker.deliver(message);
        assertThat(awaitResult(message.id()).result()).isEqualTo(List.of(2, 4, 6));
    }
}
