package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import dev.lovage.worker.testing.RecordingBroker.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nothing a message contains, and no reconnect, stops the worker, loses a task or runs one twice. */
@Timeout(20)
final class FailureBehaviourTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingBroker broker = new RecordingBroker();
    private final InMemoryResultBackend backend = new InMemoryResultBackend();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private CeleryWorker worker;

    private CeleryWorker start(CeleryConfigBuilder config) {
        worker = CeleryWorker.builder(config.build())
                .broker(broker)
                .resultBackend(backend)
                .hostname("unit@%h")
                .task("tasks.add", (ctx, args) -> {
                    runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
                    return args.intAt(0) + args.intAt(1);
                })
                .task("tasks.block", (ctx, args) -> {
                    runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
                    blocked.countDown();
                    return release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                })
                .build();
        worker.start();
        return worker;
    }

    @AfterEach
    void closeWorker() throws InterruptedException {
        release.countDown();
        if (worker != null) {
            worker.close();
            assertThat(worker.awaitTermination(WAIT)).isTrue();
        }
    }

    private void awaitResult(String id) throws InterruptedException {
        await(() -> backend.get(id) != null && backend.get(id).status() == TaskState.SUCCESS,
                "a SUCCESS result for " + id);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    private int runsOf(String id) {
        AtomicInteger n = runs.get(id);
        return n == null ? 0 : n.get();
    }

    @Test
    void aFarEtaIsHeldLikeAnyOtherAndTheNextTaskRuns() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(2));
        var year2318 = aTaskMessage().withHeader("eta", "2318-01-01T00:00:00+00:00");
        var year9999 = aTaskMessage().withHeader("eta", "9999-12-31T23:59:59.999999+00:00");
        broker.deliver(year2318);
        broker.deliver(year9999);
        var good = aTaskMessage().withArgs(2, 3);
        long tag = broker.deliver(good);
        awaitResult(good.id());
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
        assertThat(worker.heldTasks()).isEqualTo(2);
        assertThat(broker.prefetch()).isEqualTo(2 * 4 + 2);
        assertThat(worker.health()).isEqualTo(CeleryWorker.Health.UP);
    }

    @Test
    void anyThrowableOnTheDeliveryPathRejectsThatMessageAloneAndConsumingGoesOn() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        InstantSource clock = () -> {
            if (failing.get()) {
                throw new OutOfMemoryError("simulated");
            }
            return Instant.now();
        };
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(2).build()).broker(broker)
                .resultBackend(backend).clock(clock).task("tasks.add", (ctx, args) -> args.intAt(0) + args.intAt(1))
                .build();
        worker.start();
        failing.set(true);
        long bad = broker.deliver(aTaskMessage().withHeader("eta", Instant.now().plusSeconds(60).toString()));
        failing.set(false);
        assertThat(broker.awaitAction(bad, WAIT)).isEqualTo(new Action("reject", bad, false));
        var good = aTaskMessage().withArgs(20, 22);
        long tag = broker.deliver(good);
        awaitResult(good.id());
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
    }

    @Test
    void aBodyThatCannotBeDecodedIsRejectedWhenItsTurnComesAndTheRestRun() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(1));
        long bad = broker.deliver(aTaskMessage().withRawBody("[[1, 2], {\"k\": "));
        long deep = broker.deliver(aTaskMessage().withRawBody("[[" + "[".repeat(1500) + "]".repeat(1500)
                + "], {}, null]"));
        var good = aTaskMessage().withArgs(1, 2);
        broker.deliver(good);
        awaitResult(good.id());
        assertThat(broker.awaitAction(bad, WAIT)).isEqualTo(new Action("reject", bad, false));
        assertThat(broker.awaitAction(deep, WAIT)).isEqualTo(new Action("reject", deep, false));
    }

    @Test
    void prefetchedTasksOfADeadChannelAreDroppedNeitherRunNorAcknowledged() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(1).taskAcksLate(true));
        var running = aTaskMessage().withTask("tasks.block");
        broker.deliver(running);
        assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        var waiting = aTaskMessage().withArgs(1, 1);
        long waitingTag = broker.deliver(waiting);
        broker.reconnect();
        release.countDown();
        awaitResult(running.id());
        var after = aTaskMessage().withArgs(3, 4);
        broker.deliver(after);
        awaitResult(after.id());
        assertThat(runsOf(waiting.id())).isZero();
        assertThat(broker.actions()).noneMatch(a -> a.tag() == waitingTag);
    }

    @Test
    void etaHoldsOfADeadChannelAreReleasedAndThePrefetchGoesBack() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(2));
        var later = aTaskMessage().withHeader("eta", Instant.now().plusSeconds(30).toString());
        long tag = broker.deliver(later);
        await(() -> worker.heldTasks() == 1, "one held task");
        broker.reconnect();
        await(() -> worker.heldTasks() == 0, "the hold released");
        assertThat(broker.prefetch()).isEqualTo(8);
        assertThat(broker.actions()).noneMatch(a -> a.tag() == tag);
    }

    @Test
    void aTaskRedeliveredAfterAReconnectWhileItRunsIsNotRunAgain() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(2).taskAcksLate(true));
        var task = aTaskMessage().withTask("tasks.block");
        broker.deliver(task);
        assertThat(blocked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        broker.reconnect();
        long copy = broker.deliver(task.asRedelivered());
        release.countDown();
        assertThat(broker.awaitAction(copy, WAIT)).isEqualTo(new Action("ack", copy, false));
        assertThat(runsOf(task.id())).isEqualTo(1);
    }

    @Test
    void aTaskRedeliveredAfterItEndedOnALostConnectionIsAcknowledgedNotRun() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(2));
        var task = aTaskMessage().withArgs(5, 5);
        broker.deliver(task);
        awaitResult(task.id());
        broker.reconnect();
        long copy = broker.deliver(task.asRedelivered());
        assertThat(broker.awaitAction(copy, WAIT)).isEqualTo(new Action("ack", copy, false));
        assertThat(runsOf(task.id())).isEqualTo(1);
        var again = aTaskMessage().withArgs(1, 1);
        long fresh = broker.deliver(again.asRedelivered());
        awaitResult(again.id());
        assertThat(broker.awaitAction(fresh, WAIT).kind()).isEqualTo("ack");
    }

    @Test
    void pastTheEtaTaskLimitTheWorkerReportsDegradedUntilTheOverflowStarts() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(1).workerEtaTaskLimit(1));
        broker.deliver(aTaskMessage().withHeader("eta", Instant.now().plusSeconds(60).toString()));
        var soon = aTaskMessage().withArgs(1, 2).withHeader("eta", Instant.now().plusMillis(600).toString());
        broker.deliver(soon);
        assertThat(worker.health()).isEqualTo(CeleryWorker.Health.DEGRADED);
        assertThat(worker.heldTasks()).isEqualTo(1);
        awaitResult(soon.id());
        await(() -> worker.health() == CeleryWorker.Health.UP, "health back to UP");
    }

    @Test
    void healthIsDownWhenNotConsuming() {
        start(CeleryConfig.builder().workerConcurrency(1));
        assertThat(worker.health()).isEqualTo(CeleryWorker.Health.UP);
        broker.consumer().stop();
        assertThat(worker.health()).isEqualTo(CeleryWorker.Health.DOWN);
        assertThat(worker.isHealthy()).isFalse();
    }

    @Test
    void resultOfAnUnknownTaskIsStoredOutOfBand() throws Exception {
        start(CeleryConfig.builder().workerConcurrency(1));
        var unknown = aTaskMessage().withTask("tasks.nope");
        long tag = broker.deliver(unknown);
        assertThat(broker.awaitAction(tag, WAIT)).isEqualTo(new Action("reject", tag, false));
        await(() -> backend.get(unknown.id()) != null, "a NotRegistered result");
        ResultMeta meta = backend.get(unknown.id());
        assertThat(meta.status()).isEqualTo(TaskState.FAILURE);
    }
}
