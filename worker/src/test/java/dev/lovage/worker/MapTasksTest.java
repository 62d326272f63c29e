package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code task.starmap(it)} and {@code task.map(it)}: Celery's built-in celery.starmap and celery.xmap. */
@Timeout(10)
final class MapTasksTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingBroker broker = new RecordingBroker();
    private final InMemoryResultBackend backend = new InMemoryResultBackend();
    private CeleryWorker worker;

    @BeforeEach
    void start() {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.add", (ctx, args) -> args.intAt(0) + args.intAt(1))
                .task("tasks.double", (ctx, args) -> args.intAt(0) * 2)
                .build();
        worker.start();
    }

    @AfterEach
    void closeWorker() throws InterruptedException {
        worker.close();
        assertThat(worker.awaitTermination(WAIT)).isTrue();
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

    private ResultMeta awaitResult(String id) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (backend.get(id) == null) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no result for " + id);
            }
            Thread.sleep(5);
        }
        return backend.get(id);
    }
}
