package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries, ETA and countdown, expiry, time limits, priorities, rate limits and quorum queues, seen from Python. */
@Timeout(180)
final class TaskSemanticsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LovageWorker worker;
    private static PythonCelery.ProcessHandleCloseable python;
    private static final String PY_QUEUE = LovageWorker.newQueue("semantics_py");

    @BeforeAll
    static void start() {
        String queue = LovageWorker.newQueue("semantics");
        worker = LovageWorker.start(queue, c -> c.taskDefaultQueue(queue).workerConcurrency(4));
        python = Services.get().python().startWorker(PY_QUEUE, "semantics-py@%h",
                Map.of("CELERY_TASK_DEFAULT_QUEUE", PY_QUEUE));
        python.awaitOutput("ready.", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (python != null) {
            python.close();
        }
    }

    private static JsonNode python(String queue, String body) throws Exception {
        String[] lines = Services.get().python().run(Py.prelude(queue) + body).strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static JsonNode lovage(String body) throws Exception {
        return python(worker.queue(), body);
    }

    @Test
    void retryUntilThreeReturnsThreeWithRetryStatesInBetween() throws Exception {
        JsonNode r = lovage("""
                res = retry_until.delay(3)
                states = []
                while not res.ready():
                    st = res.state
                    if not states or states[-1] != st:
                        states.append(st)
                    time.sleep(0.01)
                out([res.get(timeout=10), states])
                """);
        assertThat(r.get(0).asInt()).isEqualTo(3);
        assertThat(r.get(1).toString()).contains("\"RETRY\"");
    }

    @Test
    void exceedingMaxRetriesRaisesWhatAPythonWorkerRaises() throws Exception {
        String script = """
                try:
                    always_retry.delay().get(timeout=20)
                    out('no exception')
                except Exception as e:
                    out([type(e).__name__, type(e).__module__])
                """;
        assertThat(lovage(script)).isEqualTo(python(PY_QUEUE, script));
        assertThat(lovage(script).get(0).asText()).isEqualTo("MaxRetriesExceededError");
    }

    @Test
    void autoretryWithBackoff() throws Exception {
        JsonNode r = lovage("""
                start = time.time()
                value = flaky.delay(2).get(timeout=30)
                out([value, time.time() - start])
                """);
        assertThat(r.get(0).asInt()).isEqualTo(2);
        // retry_backoff=1 without jitter: 1 s, then 2 s.
        assertThat(r.get(1).asDouble()).isBetween(2.9, 15.0);
    }

    @Test
    void aCountdownIsHonoured() throws Exception {
        JsonNode r = lovage("""
                res = add.apply_async((1, 2), countdown=5)
                time.sleep(1.5)
                early = res.ready()
                out([early, res.get(timeout=10)])
                """);
        assertThat(r.get(0).asBoolean()).isFalse();
        assertThat(r.get(1).asInt()).isEqualTo(3);
    }

    @Test
    void anEtaInThePastRunsAtOnce() throws Exception {
        JsonNode r = lovage("""
                eta = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
                start = time.time()
                value = add.apply_async((2, 2), eta=eta).get(timeout=5)
                out([value, time.time() - start])
                """);
        assertThat(r.get(0).asInt()).isEqualTo(4);
        assertThat(r.get(1).asDouble()).isLessThan(2.0);
    }

    @Test
    void manyEtaTasksBeyondThePrefetchDoNotStallOthers() throws Exception {
        String queue = LovageWorker.newQueue("eta_many");
        try (LovageWorker w = LovageWorker.start(queue, c -> c.workerConcurrency(2).workerPrefetchMultiplier(1))) {
            JsonNode r = python(queue, """
                    held = [add.apply_async((i, i), countdown=4) for i in range(50)]
                    time.sleep(0.5)
                    start = time.time()
                    now = add.delay(20, 22).get(timeout=3)
                    quick = time.time() - start
                    out([now, quick, sum(h.get(timeout=20) for h in held)])
                    """);
            assertThat(r.get(0).asInt()).isEqualTo(42);
            assertThat(r.get(1).asDouble()).isLessThan(3.0);
            assertThat(r.get(2).asInt()).isEqualTo(2450);
        }
    }

    @Test
    void aTaskThatExpiresWhileWaitingForItsEtaIsRevoked() throws Exception {
        JsonNode r = lovage("""
                res = add.apply_async((1, 1), countdown=2, expires=1)
                try:
                    res.get(timeout=10)
                    out('no exception')
                except Exception as e:
                    out([res.state, type(e).__name__, list(e.args)])
                """);
        assertThat(r.get(0).asText()).isEqualTo("REVOKED");
        assertThat(r.get(1).asText()).isEqualTo("TaskRevokedError");
        assertThat(r.get(2).toString()).isEqualTo("[\"expired\"]");
    }

    @Test
    void aSoftTimeLimitIsCaughtInsideTheJavaTask() throws Exception {
        JsonNode r = lovage("out(until_soft_limit.apply_async(soft_time_limit=0.5).get(timeout=10))");
        assertThat(r.asText()).isEqualTo("cleaned up");
    }

    @Test
    void aHardTimeLimitFailsWithTimeLimitExceededAndTheWorkerKeepsServing() throws Exception {
        JsonNode r = lovage("""
                try:
                    sleep.apply_async((30,), time_limit=1).get(timeout=10)
                    out('no exception')
                except Exception as e:
                    out([type(e).__name__, type(e).__module__, add.delay(1, 2).get(timeout=5)])
                """);
        assertThat(r.get(0).asText()).isEqualTo("TimeLimitExceeded");
        assertThat(r.get(1).asText()).isEqualTo("billiard.exceptions");
        assertThat(r.get(2).asInt()).isEqualTo(3);
    }

    @Test
    void higherPriorityRunsFirstOnAPriorityQueue() throws Exception {
        String queue = LovageWorker.newQueue("priority");
        python(queue, """
                from kombu import Exchange, Queue
                app.conf.task_queues = [Queue('%1$s', Exchange('%1$s'), routing_key='%1$s', max_priority=10)]
                for p in (1, 9, 1, 9, 5, 1, 9):
                    echo.apply_async((p,), priority=p, queue='%1$s')
                out('sent')
                """.formatted(queue));
        List<Object> order = new CopyOnWriteArrayList<>();
        WorkerListener record = new WorkerListener() {
            @Override
            public void taskPrerun(TaskRequest request) {
                order.add(request.message().body().args().get(0));
            }
        };
        try (LovageWorker w = LovageWorker.start(queue, c -> c.workerConcurrency(1).workerPrefetchMultiplier(1),
                record)) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (order.size() < 7 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        }
        // With a prefetch of one the first delivery may be any message; the rest come by priority.
        assertThat(order.subList(1, 7)).isSortedAccordingTo((a, b) -> Integer.compare((Integer) b, (Integer) a));
    }

    @Test
    void aRateLimitIsObserved() throws Exception {
        JsonNode r = lovage("""
                from tasks import rate_limited
                start = time.time()
                results = [rate_limited.delay() for _ in range(10)]
                [x.get(timeout=30) for x in results]
                out(time.time() - start)
                """);
        // 5/s: ten tasks need at least 1.8 s.
        assertThat(r.asDouble()).isBetween(1.6, 20.0);
    }

    @Test
    void aQuorumQueueWithACountdownThroughNativeDelayedDelivery() throws Exception {
        String queue = LovageWorker.newQueue("quorum");
        List<String> exchanges = new CopyOnWriteArrayList<>();
        WorkerListener record = new WorkerListener() {
            @Override
            public void taskReceived(TaskRequest request) {
                exchanges.add(request.deliveryInfo().exchange());
            }
        };
        try (LovageWorker w = LovageWorker.start(queue, c -> c.taskDefaultQueueType("quorum")
                .taskDefaultExchangeType("topic"), record)) {
            JsonNode r = python(queue, """
                    from kombu import Exchange, Queue
                    app.conf.task_queues = [Queue('%1$s', Exchange('%1$s', type='topic'), routing_key='%1$s',
                                                  queue_arguments={'x-queue-type': 'quorum'})]
                    start = time.time()
                    res = add.apply_async((5, 6), countdown=2, queue='%1$s')
                    out([res.get(timeout=20), time.time() - start])
                    """.formatted(queue));
            assertThat(r.get(0).asInt()).isEqualTo(11);
            assertThat(r.get(1).asDouble()).isGreaterThan(1.0);
            assertThat(exchanges).hasSize(1);
            assertThat(exchanges.get(0)).startsWith("celery_delayed_");
        }
    }
}
