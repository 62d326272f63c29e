package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TestBroker;
import dev.lovage.worker.CeleryConfigBuilder;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each canvas runs twice: on Python workers only, then with Lovage workers (alone, or sharing the chord with a
 * Python worker). The results must be equal, and so must what each run leaves in Redis, counted by key pattern.
 * Every run has a Redis database of its own (see docker/python-celery/canvas_scenarios.py). All of it on RabbitMQ and
 * on a Redis broker.
 */
@Timeout(300)
@ParameterizedClass(name = "on {0}")
@EnumSource(TestBroker.class)
final class CanvasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PY_DB = 11;
    private static final int JAVA_DB = 12;
    private static final int MIXED_DB = 13;

    private static final String PY_A = LovageWorker.newQueue("canvas_py_a");
    private static final String PY_B = LovageWorker.newQueue("canvas_py_b");
    private static final String JAVA = LovageWorker.newQueue("canvas_java");
    private static final String MIXED_PY = LovageWorker.newQueue("canvas_mixed_py");
    private static final String MIXED_JAVA = LovageWorker.newQueue("canvas_mixed_java");

    private static PythonCelery.ProcessHandleCloseable pythonOnly;
    private static PythonCelery.ProcessHandleCloseable pythonMixed;
    private static LovageWorker javaOnly;
    private static LovageWorker javaMixed;

    @Parameter
    TestBroker broker;

    @BeforeParameterizedClassInvocation
    static void startWorkers(TestBroker broker) {
        Services s = Services.get();
        pythonOnly = broker.python().startWorker(PY_A + "," + PY_B, "canvas-py@%h",
                Map.of("CELERY_RESULT_BACKEND", s.redisUrl(PY_DB), "CELERY_TASK_DEFAULT_QUEUE", PY_A));
        pythonMixed = broker.python().startWorker(MIXED_PY, "canvas-mixed-py@%h",
                Map.of("CELERY_RESULT_BACKEND", s.redisUrl(MIXED_DB), "CELERY_TASK_DEFAULT_QUEUE", MIXED_PY));
        javaOnly = LovageWorker.start(broker, JAVA, c -> c.resultBackend(s.redisUrl(JAVA_DB)).taskDefaultQueue(JAVA)
                .workerConcurrency(8));
        javaMixed = LovageWorker.start(broker, MIXED_JAVA, c -> c.resultBackend(s.redisUrl(MIXED_DB))
                .taskDefaultQueue(MIXED_JAVA).workerConcurrency(8));
        pythonOnly.awaitOutput("ready.", Duration.ofSeconds(60));
        pythonMixed.awaitOutput("ready.", Duration.ofSeconds(60));
    }

    @AfterParameterizedClassInvocation
    static void stopWorkers() {
        for (AutoCloseable c : new AutoCloseable[] {pythonOnly, pythonMixed, javaOnly, javaMixed}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    private JsonNode run(String scenario, int db, String q, String q2) throws Exception {
        return run(broker.python(), scenario, db, q, q2);
    }

    private static JsonNode run(PythonCelery client, String scenario, int db, String q, String q2) throws Exception {
        String out = client.run(
                "import canvas_scenarios as s; s.main('" + scenario + "', '" + q + "', '" + q2 + "')",
                Map.of("CELERY_RESULT_BACKEND", Services.get().redisUrl(db)));
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    /** The same canvas on Python workers and on a Lovage worker: equal results, equal keys left. */
    private JsonNode sameAsPython(String scenario) throws Exception {
        JsonNode python = run(scenario, PY_DB, PY_A, PY_B);
        JsonNode java = run(scenario, JAVA_DB, JAVA, JAVA);
        assertThat(java).as("%s: Lovage run vs all-Python run", scenario).isEqualTo(python);
        return java;
    }

    /** Header tasks alternate between a Python and a Lovage worker. */
    private JsonNode mixedSameAsPython(String scenario) throws Exception {
        JsonNode python = run(scenario, PY_DB, PY_A, PY_B);
        JsonNode mixed = run(scenario, MIXED_DB, MIXED_PY, MIXED_JAVA);
        assertThat(mixed).as("%s: mixed run vs all-Python run", scenario).isEqualTo(python);
        JsonNode flipped = run(scenario, MIXED_DB, MIXED_JAVA, MIXED_PY);
        assertThat(flipped).as("%s: mixed run, sides swapped, vs all-Python run", scenario).isEqualTo(python);
        return mixed;
    }

    @Test
    void aChainOfFive() throws Exception {
        assertThat(sameAsPython("chain5").get("result").asInt()).isEqualTo(71);
    }

    @Test
    void aGroupOfFiftyInOrder() throws Exception {
        JsonNode r = sameAsPython("group50").get("result");
        assertThat(r).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(r.get(i).asInt()).isEqualTo(2 * i);
        }
    }

    @Test
    void aChordOfOneHundred() throws Exception {
        JsonNode r = sameAsPython("chord100");
        assertThat(r.get("result").asInt()).isEqualTo(9900);
        // Celery 5.7 deletes the join and leaves only the "done" marker.
        assertThat(r.get("taskset_suffixes").toString()).isEqualTo("[\".c\"]");
    }

    @Test
    void aChordJoinedAcrossPythonAndLovageWithTheCallbackOnEachSide() throws Exception {
        assertThat(mixedSameAsPython("mixed_chord_callback_first").get("result").asInt()).isEqualTo(380);
        assertThat(mixedSameAsPython("mixed_chord_callback_second").get("result").asInt()).isEqualTo(380);
    }

    @Test
    void chainThenChordThenChain() throws Exception {
        assertThat(sameAsPython("chain_chord_chain").get("result").asInt()).isEqualTo(70);
    }

    @Test
    void aChordNestedInAChordsHeader() throws Exception {
        assertThat(sameAsPython("nested_chord").get("result").asInt()).isEqualTo(12);
    }

    @Test
    void aFailingHeaderTaskFailsTheCallbackWithChordErrorAndRunsTheErrback() throws Exception {
        JsonNode r = sameAsPython("chord_failure").get("result");
        assertThat(r.get("raised").asText()).startsWith("ValueError(");
        assertThat(r.get("callback_state").asText()).isEqualTo("FAILURE");
        assertThat(r.get("callback_exc").asText()).isEqualTo("ChordError");
        assertThat(r.get("callback_module").asText()).isEqualTo("celery.exceptions");
        assertThat(r.get("errback_ran").asInt()).isEqualTo(1);
    }

    @Test
    void aHeaderTaskRedeliveredAfterAKilledWorkerNeitherFiresTheChordTwiceNorLosesIt() throws Exception {
        String queue = LovageWorker.newQueue("canvas_redelivery");
        AtomicInteger callbacks = new AtomicInteger();
        WorkerListener countCallbacks = new WorkerListener() {
            @Override
            public void taskSuccess(TaskRequest request, Object result, Duration runtime) {
                if (request.taskName().equals("tasks.xsum")) {
                    callbacks.incrementAndGet();
                }
            }
        };
        UnaryOperator<CeleryConfigBuilder> settings = c -> c.brokerUrl(broker.url())
                .resultBackend(Services.get().redisUrl(JAVA_DB))
                .taskDefaultQueue(queue).taskAcksLate(true).workerConcurrency(4).workerPrefetchMultiplier(1);
        String script = String.join("\n",
                "import json",
                "from celery import chord",
                "from tasks import app, sleep, xsum",
                "app.conf.task_routes = {'tasks.*': {'queue': '" + queue + "'}}",
                "print(json.dumps(chord([sleep.s(0.3) for _ in range(20)], xsum.s()).apply_async().get(timeout=90)))");
        CompletableFuture<String> producer;
        try (LovageWorker first = LovageWorker.start(queue, settings, countCallbacks)) {
            producer = CompletableFuture.supplyAsync(() -> broker.python().run(script,
                    Map.of("CELERY_RESULT_BACKEND", Services.get().redisUrl(JAVA_DB))));
            Thread.sleep(1200);
            // A cold stop: running header tasks are interrupted, their messages not acknowledged.
            first.worker().shutdownNow();
        }
        try (LovageWorker second = LovageWorker.start(queue, settings, countCallbacks)) {
            String[] lines = producer.get().strip().split("\n");
            assertThat(Double.parseDouble(lines[lines.length - 1])).isCloseTo(6.0, offset(1e-9));
            Thread.sleep(1000);
            assertThat(callbacks.get()).isEqualTo(1);
        }
    }

    @Test
    void chordUnlockFromAProducerWithoutNativeJoin() throws Exception {
        assertThat(sameAsPython("chord_unlock").get("result").asDouble()).isEqualTo(21.0);
    }

    @Test
    void canvasesFromTheOldestSupportedClient() throws Exception {
        for (String scenario : new String[] {"chain5", "chord100", "chord_failure", "link_and_link_error"}) {
            JsonNode python = run(broker.python52(), scenario, PY_DB, PY_A, PY_B);
            JsonNode java = run(broker.python52(), scenario, JAVA_DB, JAVA, JAVA);
            assertThat(java).as("%s from a Celery 5.2 client: Lovage vs Python worker", scenario).isEqualTo(python);
        }
    }

    @Test
    void linkAndLinkError() throws Exception {
        JsonNode r = sameAsPython("link_and_link_error").get("result");
        assertThat(r.get("link").asInt()).isEqualTo(12);
        assertThat(r.get("link_error_got_failed_id").asBoolean()).isTrue();
    }
}
