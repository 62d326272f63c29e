package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.testing.RecordingBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's life: start, warm and cold shutdown, registration, the events it hears from other workers. */
@Timeout(10)
final class WorkerLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingBroker broker = new RecordingBroker();
    private final InMemoryResultBackend backend = new InMemoryResultBackend();
    private CeleryWorker worker;

    @AfterEach
    void closeWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
            assertThat(worker.awaitTermination(WAIT)).isTrue();
            assertThat(broker.isClosed()).isTrue();
        }
    }

    @Test
    void warmShutdownStopsConsumingAndLetsRunningTasksFinish() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        worker = CeleryWorker.builder(CeleryConfig.builder().taskAcksLate(true).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.slow", (ctx, args) -> {
                    running.countDown();
                    Thread.sleep(300);
                    return "done";
                })
                .build();
        worker.start();
        var message = aTaskMessage().withTask("tasks.slow");
        long tag = broker.deliver(message);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        worker.shutdown();
        assertThat(broker.isConsuming()).isFalse();
        assertThat(worker.state()).isEqualTo(CeleryWorker.State.TERMINATED);
        assertThat(backend.get(message.id()).result()).isEqualTo("done");
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
    }

    @Test
    void coldShutdownLeavesAcksLateMessagesUnacknowledged() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        worker = CeleryWorker.builder(CeleryConfig.builder().taskAcksLate(true).build())
                .broker(broker).resultBackend(backend)
                .task("tasks.forever", (ctx, args) -> {
                    running.countDown();
                    Thread.sleep(60_000);
                    return null;
                })
                .build();
        worker.start();
        broker.deliver(aTaskMessage().withTask("tasks.forever"));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        worker.shutdownNow();
        assertThat(worker.awaitTermination(WAIT)).isTrue();
        Thread.sleep(100);
        assertThat(broker.actions()).isEmpty();
    }

    @Test
    void passesOtherWorkersTaskSucceededEventsToListeners() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).receiveTaskEvents(true)
                .listener(new WorkerListener() {
                    @Override
                    public void remoteTaskSucceeded(String taskId) {
                        seen.add(taskId);
                    }
                })
                .build();
        worker.start();
        broker.event(("[{\"hostname\": \"py@h\", \"uuid\": \"t1\", \"type\": \"task-received\"}, "
                + "{\"hostname\": \"py@h\", \"uuid\": \"t1\", \"type\": \"task-succeeded\"}]")
                .getBytes(StandardCharsets.UTF_8));
        broker.event("{\"uuid\": \"t2\", \"type\": \"task-succeeded\"}".getBytes(
                StandardCharsets.UTF_8));
        broker.event("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(seen).containsExactly("t1", "t2");
    }

    @Test
    void refusesDuplicateNamesAndRegistrationAfterBuild() {
        CeleryWorkerBuilder builder = CeleryWorker.builder(CeleryConfig.builder().build())
                .task("tasks.x", (ctx, args) -> null);
        assertThatThrownBy(() -> builder.task("tasks.x", (ctx, args) -> null))
                .isInstanceOf(TaskRegistrationException.class).hasMessageContaining("already registered");
        builder.broker(broker).build();
        assertThatThrownBy(() -> builder.task("tasks.y", (ctx, args) -> null))
                .isInstanceOf(TaskRegistrationException.class);
    }

    @Test
    void withoutMingleAndWithoutHeartbeatSkipTheHelloAndTheHeartbeats() throws Exception {
        RecordingBroker quiet = new RecordingBroker();
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).build();
        CeleryWorker without = CeleryWorker.builder(CeleryConfig.builder().build()).broker(quiet)
                .mingle(false).heartbeat(false).build();
        try {
            worker.start();
            without.start();
            Thread.sleep(2_300);
            assertThat(broker.broadcasts()).extracting(b -> b.get("method")).containsExactly("hello");
            assertThat(broker.transients()).extracting(OutgoingMessage::routingKey).contains("worker.online",
                    "worker.heartbeat");
            assertThat(quiet.broadcasts()).isEmpty();
            assertThat(quiet.transients()).extracting(OutgoingMessage::routingKey).contains("worker.online")
                    .doesNotContain("worker.heartbeat");
        } finally {
            without.close();
        }
    }
}
