package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageProcess;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.PythonCelery.ProcessHandleCloseable;
import dev.lovage.it.support.RedisProbe;
import dev.lovage.it.support.Services;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python and Lovage workers on one Redis broker lose nothing and run nothing twice: each restores the other's
 * abandoned acks_late work, a held ETA task is never restored while Lovage holds it, and a shared queue is
 * served by both. Python Celery newest and 5.2.x. Broker database 2, visibility_timeout 5 s everywhere.
 */
@Timeout(240)
final class RedisReliabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DB = 2;
    private static final String PY_OPTIONS =
            "{\"visibility_timeout\": 5, \"unacked_restore_interval\": 1, \"unacked_restore_throttle\": 1}";

    private static String url() {
        return Services.get().redisBrokerUrl(DB);
    }

    private static PythonCelery python(String version) {
        PythonCelery py = version.equals("5.2") ? Services.get().python52() : Services.get().python();
        return py.with(Map.of("CELERY_BROKER_URL", url(), "CELERY_BROKER_TRANSPORT_OPTIONS", PY_OPTIONS,
                "CELERY_TASK_ACKS_LATE", "1"));
    }

    private static JsonNode run(PythonCelery py, String queue, String body) throws Exception {
        String[] lines = py.run(Py.prelude(queue) + body).strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static List<String> send(PythonCelery py, String queue, String call, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        run(py, queue, "out([%s.id for _ in range(%d)])".formatted(call, n)).forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static JsonNode results(PythonCelery py, String queue, List<String> ids) throws Exception {
        return run(py, queue, "from celery.result import AsyncResult\nout([AsyncResult(i).get(timeout=90) for i in %s])"
                .formatted(JSON.writeValueAsString(ids)));
    }

    /** Waits until {@code n} records in unacked mention one of {@code ids}, and the queue is empty. */
    private static void awaitHeld(RedisProbe redis, String queue, List<String> ids, int n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long held = 0;
        while (System.nanoTime() < end) {
            held = redis.unackedRecords().values().stream().filter(r -> ids.stream().anyMatch(r::contains)).count();
            if (held == n && redis.depth(queue) == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + held + " of " + n + " messages recorded as held");
    }

    /** Waits until no score in unacked_index is younger than the visibility timeout (plus a margin). */
    private static void awaitLeasesLapsed(RedisProbe redis) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            double newest = redis.redis().zrevrangeWithScores("unacked_index", 0, 0).stream()
                    .mapToDouble(v -> v.getScore()).max().orElse(0);
            if (System.currentTimeMillis() / 1000.0 - newest > 6) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("leases still renewed 30 s after the holder died");
    }

    @ParameterizedTest(name = "Python {0}")
    @ValueSource(strings = {"newest", "5.2"})
    void aLovageWorkerKilledHoldingAcksLateTasksIsRestoredAndRunByPython(String version) throws Exception {
        String queue = LovageWorker.newQueue("kill_lovage");
        PythonCelery py = python(version);
        try (RedisProbe redis = new RedisProbe(url())) {
            List<String> ids;
            try (ProcessHandleCloseable lovage = LovageProcess.started(Map.of("CELERY_BROKER_URL", url(),
                    "CELERY_BROKER_TRANSPORT_OPTIONS", "{\"visibility_timeout\": 5}",
                    "CELERY_RESULT_BACKEND", Services.get().redisUrl(), "CELERY_TASK_ACKS_LATE", "true"),
                    queue, "killed@itest", "-c", "2")) {
                ids = send(py, queue, "sleep.delay(2)", 6);
                awaitHeld(redis, queue, ids, 6);
                lovage.kill();
            }
            awaitLeasesLapsed(redis);
            try (ProcessHandleCloseable worker = py.startWorker(queue, "restorer@itest", Map.of())) {
                assertThat(results(py, queue, ids).toString()).isEqualTo("[2,2,2,2,2,2]");
                ids.forEach(id -> assertThat(worker.output()).contains(id));
            }
            assertThat(redis.unackedRecords().values()).noneMatch(r -> ids.stream().anyMatch(r::contains));
        }
    }

    @ParameterizedTest(name = "Python {0}")
    @ValueSource(strings = {"newest", "5.2"})
    void aPythonWorkerKilledHoldingAcksLateTasksIsRestoredAndRunByLovage(String version) throws Exception {
        String queue = LovageWorker.newQueue("kill_python");
        PythonCelery py = python(version);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (RedisProbe redis = new RedisProbe(url())) {
            List<String> ids;
            // A threads pool holds all four (a solo pool would hold one at a time).
            try (ProcessHandleCloseable worker = py.startWorker(queue, "killed-py@itest", Map.of(),
                    List.of("-P", "threads", "-c", "4"))) {
                worker.awaitOutput("ready.", Duration.ofSeconds(60));
                ids = send(py, queue, "sleep.delay(3)", 4);
                awaitHeld(redis, queue, ids, 4);
                worker.kill();
            }
            try (LovageWorker lovage = LovageWorker.start(queue, c -> c.brokerUrl(url())
                    .brokerTransportOptions(Map.of("visibility_timeout", "5")).taskAcksLate(true), counting(runs))) {
                assertThat(results(py, queue, ids).toString()).isEqualTo("[3,3,3,3]");
            }
            ids.forEach(id -> assertThat(runs.get(id)).as(id).hasValue(1));
            assertThat(redis.unackedRecords().values()).noneMatch(r -> ids.stream().anyMatch(r::contains));
        }
    }

    @Test
    void anEtaTaskDueAfterTheVisibilityTimeoutRunsExactlyOnceWithAPythonWorkerConsumingToo() throws Exception {
        String queue = LovageWorker.newQueue("eta_once");
        PythonCelery py = python("newest");
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        try (RedisProbe redis = new RedisProbe(url());
             LovageWorker lovage = LovageWorker.start(queue, c -> c.brokerUrl(url())
                     .brokerTransportOptions(Map.of("visibility_timeout", "5")), counting(runs, received))) {
            String id = send(py, queue, "add.apply_async((2, 2), countdown=16)", 1).getFirst();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!received.containsKey(id) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(received).containsKey(id);
            long receivedAt = System.currentTimeMillis();
            String tag = redis.unackedRecords().entrySet().stream().filter(e -> e.getValue().contains(id))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            try (ProcessHandleCloseable worker = py.startWorker(queue, "eta-py@itest", Map.of())) {
                worker.awaitOutput("ready.", Duration.ofSeconds(60));
                // A control: an abandoned record, which any restorer takes once its score is 5 s old.
                String control = LovageWorker.newQueue("eta_control");
                String element = "{\"body\": \"W10=\", \"headers\": {}, \"properties\": {\"delivery_info\": "
                        + "{\"exchange\": \"\", \"routing_key\": \"" + control + "\"}, \"delivery_tag\": \"ctl-"
                        + control + "\"}}";
                redis.redis().hset("unacked", "ctl-" + control, "[" + element + ", \"\", \"" + control + "\"]");
                redis.redis().zadd("unacked_index", System.currentTimeMillis() / 1000.0 - 100, "ctl-" + control);
                // Well past the visibility timeout, and before the ETA: the lease is fresh.
                Thread.sleep(Math.max(0, receivedAt + 9_000 - System.currentTimeMillis()));
                double age = System.currentTimeMillis() / 1000.0 - redis.redis().zscore("unacked_index", tag);
                assertThat(age).as("seconds since the held ETA task's lease was renewed").isLessThan(3);
                assertThat(results(py, queue, List.of(id)).toString()).isEqualTo("[4]");
                assertThat(redis.depth(control)).as("the control record was restored").isEqualTo(1);
                redis.dropQueue(control);
                Thread.sleep(2000);
                assertThat(worker.output()).doesNotContain(id);
            }
            assertThat(runs.get(id)).hasValue(1);
        }
    }

    @Test
    void pythonAndLovageShareAQueueAndLoseNothing() throws Exception {
        String queue = LovageWorker.newQueue("shared");
        PythonCelery py = python("newest");
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (ProcessHandleCloseable worker = py.startWorker(queue, "shared-py@itest", Map.of());
             LovageWorker lovage = LovageWorker.start(queue, c -> c.brokerUrl(url())
                     .brokerTransportOptions(Map.of("visibility_timeout", "5")).workerConcurrency(2), counting(runs))) {
            worker.awaitOutput("ready.", Duration.ofSeconds(60));
            JsonNode r = run(py, queue, """
                    from celery import group
                    out(group(sleep.s(0.02) for _ in range(200)).apply_async().get(timeout=120))
                    """);
            assertThat(r).hasSize(200);
            String log = worker.output();
            long byPython = log.lines().filter(l -> l.contains("tasks.sleep[") && l.contains("succeeded")).count();
            long byLovage = runs.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(byPython + byLovage).isEqualTo(200);
            assertThat(byPython).as("tasks run by Python").isPositive();
            assertThat(byLovage).as("tasks run by Lovage").isPositive();
            assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        }
    }

    @SafeVarargs
    private static WorkerListener counting(Map<String, AtomicInteger> runs, Map<String, AtomicInteger>... received) {
        return new WorkerListener() {
            @Override
            public void taskReceived(TaskRequest request) {
                for (Map<String, AtomicInteger> r : received) {
                    r.computeIfAbsent(request.taskId(), k -> new AtomicInteger()).incrementAndGet();
                }
            }

            @Override
            public void taskPrerun(TaskRequest request) {
                runs.computeIfAbsent(request.taskId(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
    }
}
