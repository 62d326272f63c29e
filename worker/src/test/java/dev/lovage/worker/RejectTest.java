package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.testing.RecordingBroker.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task's {@code Reject}: as Celery 5.7's worker settles and records it. */
@Timeout(10)
final class RejectTest extends WorkerTestSupport {
    // acks_late: the message is still unsettled when the task rejects it, as in Celery
    private static final TaskOptions LATE = TaskOptions.builder().acksLate(true).build();

    private void start() {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker)
                .resultBackend(backend)
                .task("tasks.drop", LATE, (ctx, args) -> {
                    throw ctx.reject("rejected", false);
                })
                .task("tasks.again", LATE, (ctx, args) -> {
                    throw ctx.reject(true);
                })
                .build();
        worker.start();
    }

    @Test
    void rejectWithoutRequeueStoresFailureReject() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.drop");
        long tag = broker.deliver(message);
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("reject", tag, false));
        ResultMeta meta = awaitResult(message.id());
        assertThat(meta.status()).isEqualTo(TaskState.FAILURE);
        ExceptionInfo error = (ExceptionInfo) meta.result();
        assertThat(error.excType()).isEqualTo("Reject");
        assertThat(error.excModule()).isEqualTo("celery.exceptions");
        assertThat(error.excMessage()).isEqualTo(List.of("rejected", false));
    }

    @Test
    void rejectWithRequeueStoresNothing() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.again");
        long tag = broker.deliver(message);
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("reject", tag, true));
        Thread.sleep(100);
        assertThat(backend.get(message.id())).isNull();
    }
}
