package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import dev.lovage.worker.testing.RecordingBroker.Action;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

@Timeout(10)
final class CeleryWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingBroker broker = new RecordingBroker();
    private final InMemoryResultBackend backend = new InMemoryResultBackend();
    private CeleryWorker worker;

    private CeleryWorker start(CeleryConfig config) {
        worker = CeleryWorker.builder(config)
                .broker(broker)
                .resultBackend(backend)
                .hostname("unit@%h")
                .task("tasks.add", (ctx, args) -> args.intAt(0) + args.intAt(1))
                .task("tasks.fail", (ctx, args) -> {
                    throw new IllegalArgumentException(args.stringAt(0));
                })
                .task("tasks.mdc", (ctx, args) -> MDC.get("celery.task_id"))
                .task("tasks.retry", TaskOptions.builder().maxRetries(1).build(),
                        (ctx, args) -> {
                            throw ctx.retry(new IllegalStateException("again"), Duration.ofSeconds(2));
                        })
                .build();
        worker.start();
        return worker;
    }

    private CeleryWorker start() {
        return start(CeleryConfig.builder().workerConcurrency(2).build());
    }

    @AfterEach
    void closeWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
            assertThat(worker.awaitTermination(WAIT)).isTrue();
            assertThat(broker.isClosed()).isTrue();
        }
    }

    private ResultMeta awaitResult(String id, TaskState state) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            ResultMeta meta = backend.get(id);
            if (meta != null && meta.status() == state) {
                return meta;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + state + " result for " + id + "; stored: " + backend.get(id));
    }

    @Test
    void consumesTheDefaultQueueWithPrefetchOfConcurrencyTimesMultiplier() {
        start();
        assertThat(broker.queues()).containsExactly("celery");
        assertThat(broker.prefetch()).isEqualTo(8);
        assertThat(worker.hostname()).startsWith("unit@");
    }

    @Test
    void storesSuccessAndAcksEarly() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.add").withArgs(2, 3);
        long tag = broker.deliver(message);
        ResultMeta meta = awaitResult(message.id(), TaskState.SUCCESS);
        assertThat(meta.result()).isEqualTo(5);
        assertThat(meta.dateDone()).isNotNull();
        assertThat(meta.children()).isEmpty();
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("ack", tag, false));
    }

    @Test
    void acksAfterResultStoredWhenAcksLate() throws Exception {
        start(CeleryConfig.builder().taskAcksLate(true).build());
        var message = aTaskMessage().withTask("tasks.add").withArgs(1, 1);
        long tag = broker.deliver(message);
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
        // The ack is sent after the store, so the result is already there.
        assertThat(backend.get(message.id()).status()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void storesFailureWithMappedPythonException() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.fail").withArgs("boom");
        broker.deliver(message);
        ResultMeta meta = awaitResult(message.id(), TaskState.FAILURE);
        assertThat(meta.result()).isEqualTo(new ExceptionInfo("ValueError", List.of("boom"), "builtins"));
        assertThat(meta.traceback()).startsWith("Traceback (most recent call last):\n")
                .endsWith("ValueError: boom\n");
    }

    @Test
    void rejectsWhenFailingWithAcksLateAndAcksOnFailureOff() throws Exception {
        start(CeleryConfig.builder().taskAcksLate(true).taskAcksOnFailureOrTimeout(false).build());
        long tag = broker.deliver(aTaskMessage().withTask("tasks.fail").withArgs("x"));
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("reject", tag, false));
    }

    @Test
    void rejectsWithoutRequeueWhenTaskUnregistered() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.nope");
        long tag = broker.deliver(message);
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("reject", tag, false));
        ResultMeta meta = awaitResult(message.id(), TaskState.FAILURE);
        assertThat(meta.result()).isEqualTo(
                new ExceptionInfo("NotRegistered", List.of("tasks.nope"), "celery.exceptions"));
        assertThat(meta.traceback()).isNull();
    }

    @Test
    void rejectsMalformedMessageAndKeepsServingTheNextOne() throws Exception {
        start();
        long bad = broker.deliver(aTaskMessage().withRawBody("[[1, 2], {"));
        assertThat(broker.awaitAction(bad, WAIT)).isEqualTo(new Action("reject", bad, false));
        long noId = broker.deliver(aTaskMessage().withoutHeader("id"));
        assertThat(broker.awaitAction(noId, WAIT)).isEqualTo(new Action("reject", noId, false));
        var good = aTaskMessage().withTask("tasks.add").withArgs(20, 22);
        broker.deliver(good);
        assertThat(awaitResult(good.id(), TaskState.SUCCESS).result()).isEqualTo(42);
    }

    @Test
    void rejectsContentTypesNotAccepted() throws Exception {
        start();
        long tag = broker.deliver(aTaskMessage().withContentType("application/x-python-serialize")
                .withRawBody("not pickle"));
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("reject", tag, false));
    }

    @Test
    void storesStartedWhenTrackStarted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        worker = CeleryWorker.builder(CeleryConfig.builder().taskTrackStarted(true).build())
                .broker(broker).resultBackend(backend).hostname("unit@host")
                .task("tasks.block", (ctx, args) -> release.await(5, TimeUnit.SECONDS))
                .build();
        worker.start();
        var message = aTaskMessage().withTask("tasks.block");
        broker.deliver(message);
        ResultMeta started = awaitResult(message.id(), TaskState.STARTED);
        assertThat(started.result()).isEqualTo(Map.of("pid", ProcessHandle.current().pid(), "hostname", "unit@host"));
        assertThat(started.dateDone()).isNull();
        release.countDown();
        awaitResult(message.id(), TaskState.SUCCESS);
    }

    @Test
    void storesNothingWhenIgnoreResultHeaderIsTrue() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.add").withArgs(1, 2).withHeader("ignore_result", true);
        long tag = broker.deliver(message);
        broker.awaitAction(tag, WAIT);
        var after = aTaskMessage().withTask("tasks.add").withArgs(0, 0);
        broker.deliver(after);
        awaitResult(after.id(), TaskState.SUCCESS);
        assertThat(backend.get(message.id())).isNull();
    }

    @Test
    void writesExtendedFieldsWhenResultExtended() throws Exception {
        start(CeleryConfig.builder().resultExtended(true).build());
        var message = aTaskMessage().withTask("tasks.add").withArgs(10, 20).withQueue("q1");
        broker.deliver(message);
        ResultMeta meta = awaitResult(message.id(), TaskState.SUCCESS);
        assertThat(meta.extended()).isEqualTo(new ResultMeta.Extended("tasks.add", List.of(10, 20), Map.of(),
                worker.hostname(), 0, "q1"));
    }

    @Test
    void setsTaskIdInMdcAndClearsItBetweenTasks() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.mdc");
        broker.deliver(message);
        assertThat(awaitResult(message.id(), TaskState.SUCCESS).result()).isEqualTo(message.id());
        assertThat(MDC.get("celery.task_id")).isNull();
    }

    @Test
    void retryRepublishesWithRetriesPlusOneAndStoresRetry() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.retry").withHeader("x_custom", "kept");
        long tag = broker.deliver(message);
        var published = broker.awaitPublished(1, WAIT).get(0);
        assertThat(published.headers()).containsEntry("id", message.id()).containsEntry("retries", 1)
                .containsEntry("x_custom", "kept");
        assertThat((String) published.headers().get("eta")).endsWith("+00:00");
        assertThat(published.exchange()).isEmpty();
        assertThat(published.routingKey()).isEqualTo("celery");
        ResultMeta meta = awaitResult(message.id(), TaskState.RETRY);
        assertThat(meta.result()).isEqualTo(new ExceptionInfo("RuntimeError", List.of("again"), "builtins"));
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
    }

    @Test
    void failsWithTheCauseOncePastMaxRetries() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.retry").withHeader("retries", 1);
        broker.deliver(message);
        ResultMeta meta = awaitResult(message.id(), TaskState.FAILURE);
        assertThat(meta.result()).isEqualTo(new ExceptionInfo("RuntimeError", List.of("again"), "builtins"));
        assertThat(broker.published()).isEmpty();
    }

    @Test
    void storesRevokedForAnExpiredTask() throws Exception {
        start();
        var message = aTaskMessage().withTask("tasks.add").withArgs(1, 2)
                .withHeader("expires", "2020-01-01T00:00:00+00:00");
        long tag = broker.deliver(message);
        ResultMeta meta = awaitResult(message.id(), TaskState.REVOKED);
        assertThat(meta.result()).isEqualTo(
                new ExceptionInfo("TaskRevokedError", List.of("expired"), "celery.exceptions"));
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
    }

    @Test
    void aRegisteredErrbackRunsInProcessAndAnOtherOneIsPublishedWithTheFailedId() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        worker = CeleryWorker.builder(CeleryConfig.builder().build())
                .broker(broker).resultBackend(backend)
                .task("tasks.fail", (ctx, args) -> {
                    throw new IllegalArgumentException("boom");
                })
                .errback("tasks.on_error", (id, request, error, traceback) ->
                        calls.add(id + " " + error.excType() + " " + (request == null ? "" : request.taskName())))
                .build();
        worker.start();
        var inProcess = aTaskMessage().withTask("tasks.fail").withErrback("tasks.on_error");
        broker.deliver(inProcess);
        awaitResult(inProcess.id(), TaskState.FAILURE);
        long end = System.nanoTime() + WAIT.toNanos();
        while (calls.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(calls).containsExactly(inProcess.id() + " ValueError tasks.fail");
        var published = aTaskMessage().withTask("tasks.fail").withErrback("tasks.python_errback");
        broker.deliver(published);
        var errback = broker.awaitPublished(1, WAIT).get(0);
        assertThat(errback.headers()).containsEntry("task", "tasks.python_errback")
                .containsEntry("parent_id", published.id());
        assertThat(new String(errback.body(), StandardCharsets.UTF_8))
                .startsWith("[[\"" + published.id() + "\"], {}, ");
    }

    @Test
    void startTwiceIsAnError() {
        start();
        assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING");
    }
}
