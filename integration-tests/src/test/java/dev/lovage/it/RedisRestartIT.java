package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.RedisProbe;
import dev.lovage.it.support.RedisServer;
import dev.lovage.it.support.Services;
import dev.lovage.worker.CeleryWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis broker restarts under a running Lovage worker: it carries on by itself and loses nothing, whether
 * Redis kept its data (append-only file) or came back empty while the worker held ETA tasks.
 */
@Timeout(180)
final class RedisRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void aRestartMidRunLosesNothingAndTheWorkerCarriesOnUnattended() throws Exception {
        String queue = LovageWorker.newQueue("restart");
        try (RedisServer redis = RedisServer.start(true);
             LovageWorker lovage = LovageWorker.start(queue, c -> c.brokerUrl(redis.url(0)).workerConcurrency(2)
                     .taskAcksLate(true))) {
            PythonCelery py = Services.get().python().with(Map.of("CELERY_BROKER_URL", redis.url(0)));
            List<String> ids = new ArrayList<>(send(py, queue, "sleep.delay(0.1)", 40));
            try (RedisProbe probe = new RedisProbe(redis.url(0))) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (probe.unacked() == 0 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
            }
            // Mid-run: tasks held, running and waiting in the list.
            redis.restart(Duration.ofSeconds(2));
            ids.addAll(send(py, queue, "sleep.delay(0.1)", 40));
            JsonNode r = results(py, queue, ids);
            assertThat(r).hasSize(80);
            r.forEach(v -> assertThat(v.asDouble()).isEqualTo(0.1));
            assertThat(lovage.worker().state()).isEqualTo(CeleryWorker.State.RUNNING);
            assertThat(lovage.worker().isHealthy()).isTrue();
            try (RedisProbe probe = new RedisProbe(redis.url(0))) {
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while ((probe.unacked() > 0 || probe.depth(queue) > 0) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertThat(probe.unacked()).isZero();
                assertThat(probe.depth(queue)).isZero();
            }
        }
    }

    @Test
    void heldEtaTasksSurviveARedisThatCameBackEmpty() throws Exception {
        String queue = LovageWorker.newQueue("restart_empty");
        try (RedisServer redis = RedisServer.start(false);
             LovageWorker lovage = LovageWorker.start(queue, c -> c.brokerUrl(redis.url(0))
                     .brokerTransportOptions(Map.of("visibility_timeout", "4")));
             RedisProbe probe = new RedisProbe(redis.url(0))) {
            PythonCelery py = Services.get().python().with(Map.of("CELERY_BROKER_URL", redis.url(0)));
            List<String> ids = send(py, queue, "add.apply_async((1, 2), countdown=12)", 3);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (probe.unacked() < 3 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(probe.unacked()).isEqualTo(3);
            redis.crashAndRestart(Duration.ofSeconds(1));
            // The worker notices the new server and writes back the records of what it holds.
            end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (probe.unacked() < 3 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(probe.unacked()).as("records written back after Redis came back empty").isEqualTo(3);
            assertThat(results(py, queue, ids).toString()).isEqualTo("[3,3,3]");
            end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (probe.unacked() > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(probe.unacked()).isZero();
            assertThat(lovage.worker().isHealthy()).isTrue();
        }
    }
}
