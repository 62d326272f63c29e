package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A chord whose header failed (here through celery.chord_unlock, which shares the path with the native join): the
 * callback's FAILURE lists the errback group it published as its child, and the chain after the callback fails
 * too, descending into a chord step's body (Celery 5.7's chord_error_from_stack and _fail_chain).
 */
@Timeout(10)
final class ChordFailureTest extends WorkerTestSupport {
    @Test
    void failedHeaderFailsTheCallbackWithItsErrbacksAsChildrenAndTheChainAfterIt() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).resultBackend(backend).build();
        worker.start();
        backend.store(new ResultMeta("header-1", TaskState.FAILURE,
                ExceptionInfo.of("builtins", "ValueError", "boom"), null, List.of(), Instant.now(), null, null, null));
        Signature laterBody = Signature.of("tasks.tsum").set("task_id", "later-body");
        Signature laterChord = new Signature("celery.chord", List.of(),
                Map.of("header", List.of(Signature.of("tasks.add", 1).toDict()), "body", laterBody.toDict()),
                Map.of(), "chord", false, Map.of());
        Signature callback = Signature.of("tasks.tsum").set("task_id", "callback-1")
                .set("link_error", List.of(Signature.of("tasks.python_errback").toDict()))
                .set("chain", List.of(laterChord.toDict()));
        var unlock = aTaskMessage().withTask("celery.chord_unlock").withArgs("group-1", callback.toDict())
                .withKwargs(Map.of("result", List.of(Arrays.asList(Arrays.asList("header-1", null), null))));
        broker.deliver(unlock);
        ResultMeta failed = awaitResult("callback-1");
        assertThat(failed.status()).isEqualTo(TaskState.FAILURE);
        assertThat(((ExceptionInfo) failed.result()).excType()).isEqualTo("ChordError");
        assertThat(failed.children()).hasSize(1);
        assertThat(broker.awaitPublished(1, WAIT).get(0).headers()).containsEntry("task", "tasks.python_errback");
        assertThat(awaitResult("later-body").status()).isEqualTo(TaskState.FAILURE);
    }

    @Test
    void failedHeaderFailsEachMemberOfAGroupBodyWithTheHeadersException() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).resultBackend(backend).build();
        worker.start();
        backend.store(new ResultMeta("header-2", TaskState.FAILURE,
                ExceptionInfo.of("builtins", "ValueError", "boom"), null, List.of(), Instant.now(), null, null, null));
        Signature body = new Signature("celery.group", List.of(), Map.of("tasks", List.of(
                Signature.of("tasks.add", 1).set("task_id", "member-1").toDict(),
                Signature.of("tasks.add", 2).set("task_id", "member-2").toDict(),
                new Signature("celery.chord", List.of(), Map.of(
                        "header", List.of(Signature.of("tasks.add", 3).toDict()),
                        "body", Signature.of("tasks.tsum").set("task_id", "member-3").toDict()),
                        Map.of(), "chord", false, Map.of()).toDict())),
                Map.of("task_id", "group-body"), "group", false, Map.of());
        var unlock = aTaskMessage().withTask("celery.chord_unlock").withArgs("group-2", body.toDict())
                .withKwargs(Map.of("result", List.of(Arrays.asList(Arrays.asList("header-2", null), null))));
        broker.deliver(unlock);
        for (String id : List.of("member-1", "member-2", "member-3")) {
            ResultMeta meta = awaitResult(id);
            assertThat(meta.status()).isEqualTo(TaskState.FAILURE);
            assertThat(((ExceptionInfo) meta.result()).excType()).isEqualTo("ValueError");
        }
    }
}
