package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TcpProxy;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker's broker connection is cut in the middle of a run and comes back: with acks_late no task is lost and
 * the worker recovers by itself.
 */
@Timeout(180)
final class BrokerConnectionCutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 300;

    @Test
    void resultsAreStoredOnceRedisComesBack() throws Exception {
        URI redis = URI.create(Services.get().redisUrl());
        String queue = LovageWorker.newQueue("redis_cut");
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort() > 0 ? redis.getPort() : 6379);
             LovageWorker w = LovageWorker.start(queue, c -> c.taskAcksLate(true)
                     .resultBackend("redis://127.0.0.1:" + proxy.port() + redis.getPath()))) {
            CompletableFuture<String> producer = CompletableFuture.supplyAsync(() -> Services.get().python().run(
                    Py.prelude(queue) + """
                            results = [sleep.delay(0.02) for _ in range(100)]
                            values = [r.get(timeout=90) for r in results]
                            out([len(values), sum(values)])
                            """));
            Thread.sleep(1000);
            proxy.cut();
            Thread.sleep(3000);
            proxy.restore();
            String[] lines = producer.get().strip().split("\n");
            JsonNode r = JSON.readTree(lines[lines.length - 1]);
            assertThat(r.get(0).asInt()).isEqualTo(100);
            assertThat(w.worker().state().name()).isEqualTo("RUNNING");
        }
    }

    @Test
    void acksLateLosesNothingAcrossACutConnection() throws Exception {
        URI amqp = URI.create(Services.get().amqpUrl());
        String queue = LovageWorker.newQueue("cut");
        try (TcpProxy proxy = new TcpProxy(amqp.getHost(), amqp.getPort() > 0 ? amqp.getPort() : 5672);
             LovageWorker w = LovageWorker.start(queue, c -> c.taskAcksLate(true)
                     .workerPrefetchMultiplier(1)
                     .brokerUrl(Services.get().amqpUrl().replace(amqp.getHost() + ":" + amqp.getPort(),
                             "127.0.0.1:" + proxy.port())))) {
            CompletableFuture<String> producer = CompletableFuture.supplyAsync(() -> Services.get().python().run(
                    Py.prelude(queue) + """
                            results = [sleep.delay(0.02) for _ in range(%d)]
                            values = [r.get(timeout=90) for r in results]
                            out([len(values), sum(values)])
                            """.formatted(TASKS)));
            Thread.sleep(1500);
            proxy.cut();
            Thread.sleep(3000);
            proxy.restore();
            String[] lines = producer.get().strip().split("\n");
            JsonNode r = JSON.readTree(lines[lines.length - 1]);
            assertThat(r.get(0).asInt()).isEqualTo(TASKS);
            assertThat(r.get(1).asDouble()).isCloseTo(TASKS * 0.02, offset(1e-6));
            assertThat(w.worker().state().name()).isEqualTo("RUNNING");
        }
    }
}
