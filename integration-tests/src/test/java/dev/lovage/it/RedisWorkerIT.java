package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.PythonCelery.ProcessHandleCloseable;
import dev.lovage.it.support.RedisProbe;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TestBroker;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Python producer and a Lovage worker on a Redis broker: kombu's priorities, countdowns and ETAs with the prefetch
 * window raised for held tasks, and a whole fleet (Python producer, Python worker, Lovage worker, remote control)
 * under a global_keyprefix.
 */
@Timeout(180)
final class RedisWorkerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(PythonCelery py, String queue, String body) throws Exception {
        String[] lines = py.run(Py.prelude(queue) + body).strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void prioritiesRunInKombusStepsZeroFirst() throws Exception {
        String queue = LovageWorker.newQueue("redis_priority");
        run(TestBroker.REDIS.python(), queue, """
                for p in (1, 9, 1, 9, 5, 1, 9, 0):
                    echo.apply_async((p,), priority=p)
                out('sent')
                """);
        try (RedisProbe redis = new RedisProbe(TestBroker.REDIS.url())) {
            assertThat(redis.redis().llen(queue)).isEqualTo(4);
            assertThat(redis.redis().llen(queue + RedisProbe.SEP + "3")).isEqualTo(1);
            assertThat(redis.redis().llen(queue + RedisProbe.SEP + "9")).isEqualTo(3);
        }
        List<Object> order = new CopyOnWriteArrayList<>();
        WorkerListener record = new WorkerListener() {
            @Override
            public void taskPrerun(TaskRequest request) {
                order.add(request.message().body().args().get(0));
            }
        };
        try (LovageWorker w = LovageWorker.start(queue, c -> c.brokerUrl(TestBroker.REDIS.url())
                .workerConcurrency(1).workerPrefetchMultiplier(1), record)) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (order.size() < 8 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        }
        // On Redis 0 is the highest priority, in steps of 0-2, 3-5, 6-8, 9; FIFO within a step.
        assertThat(order).containsExactly(1, 1, 1, 0, 5, 9, 9, 9);
    }

    @Test
    void countdownsAndEtasBeyondThePrefetchWindowDoNotStallOtherTasks() throws Exception {
        String queue = LovageWorker.newQueue("redis_eta");
        try (LovageWorker w = LovageWorker.start(TestBroker.REDIS, queue,
                c -> c.workerConcurrency(2).workerPrefetchMultiplier(1))) {
            JsonNode r = run(TestBroker.REDIS.python(), queue, """
                    held = [add.apply_async((i, i), countdown=4) for i in range(30)]
                    eta = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)
                    at = add.apply_async((1, 1), eta=eta)
                    expiring = add.apply_async((1, 1), countdown=2, expires=1)
                    time.sleep(0.5)
                    start = time.time()
                    now = add.delay(20, 22).get(timeout=5)
                    quick = time.time() - start
                    early = at.ready()
                    try:
                        expiring.get(timeout=10)
                        expired = 'ran'
                    except Exception as e:
                        expired = expiring.state
                    out([now, quick, early, at.get(timeout=10), sum(h.get(timeout=20) for h in held), expired])
                    """);
            assertThat(r.get(0).asInt()).isEqualTo(42);
            assertThat(r.get(1).asDouble()).isLessThan(5.0);
            assertThat(r.get(2).asBoolean()).isFalse();
            assertThat(r.get(3).asInt()).isEqualTo(2);
            assertThat(r.get(4).asInt()).isEqualTo(870);
            assertThat(r.get(5).asText()).isEqualTo("REVOKED");
        }
    }

    @Test
    void aWholeFleetUnderAGlobalKeyprefix() throws Exception {
        String javaQueue = LovageWorker.newQueue("gp_java");
        String pyQueue = LovageWorker.newQueue("gp_py");
        String options = "{\"global_keyprefix\": \"lv:\"}";
        PythonCelery py = Services.get().python().with(Map.of("CELERY_BROKER_URL", TestBroker.REDIS.url(),
                "CELERY_BROKER_TRANSPORT_OPTIONS", options));
        try (ProcessHandleCloseable pyWorker = py.startWorker(pyQueue, "gp-py@itest", Map.of());
             LovageWorker lovage = LovageWorker.start(TestBroker.REDIS, javaQueue,
                     c -> c.brokerTransportOptions(Map.of("global_keyprefix", "lv:")))) {
            pyWorker.awaitOutput("ready.", Duration.ofSeconds(60));
            String node = lovage.worker().hostname();
            JsonNode r = run(py, javaQueue, """
                    from celery import chain
                    app.conf.task_routes = {}
                    one = add.apply_async((2, 3), queue='%s').get(timeout=10)
                    # Lovage runs add, then publishes mul to the Python worker's queue under the prefix.
                    both = chain(add.s(1, 2).set(queue='%s'), mul.s(10).set(queue='%s')).apply_async().get(timeout=20)
                    pong = app.control.inspect(destination=['%s'], timeout=3).ping()
                    out([one, both, pong])
                    """.formatted(javaQueue, javaQueue, pyQueue, node));
            assertThat(r.get(0).asInt()).isEqualTo(5);
            assertThat(r.get(1).asInt()).isEqualTo(30);
            assertThat(r.get(2).get(node).get("ok").asText()).isEqualTo("pong");
            assertThat(pyWorker.output()).contains("tasks.mul[");
            try (RedisProbe redis = new RedisProbe(TestBroker.REDIS.url())) {
                assertThat(redis.redis().keys("lv:_kombu.binding." + javaQueue)).hasSize(1);
                assertThat(redis.redis().keys("_kombu.binding." + javaQueue)).isEmpty();
            }
        }
    }
}
