package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.examples.ExampleTasks;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Lovage worker starts in Celery's order (connection, mingle, events, remote control, then task consumption), so a
 * broadcast sent the moment its first task has run is heard: a ping gets its pong, and a revoke stops a task the
 * worker already holds. Before, consumption began about a second before the remote-control queue existed, and such
 * broadcasts were lost.
 */
@Timeout(180)
final class StartupOrderIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPingAndARevokeSentWithin100MsOfTheFirstTaskAreHeard() throws Exception {
        Services s = Services.get();
        String queue = LovageWorker.newQueue("startup");
        String node = "startup-" + queue.substring(queue.length() - 8) + "@itest";
        Path ready = Files.createTempFile("lovage-startup", ".ready");
        Files.delete(ready);
        // The first task, and one held for its eta behind it, wait in the queue before the worker exists.
        JsonNode ids = last(s.python().run(Py.prelude(queue) + """
                first = add.delay(1, 1)
                held = add.apply_async((2, 2), countdown=20)
                out({'first': first.id, 'held': held.id})
                """));
        // Watches for the first result every 5 ms; the moment it is there, revokes the held task and pings.
        CompletableFuture<String> watcher = CompletableFuture.supplyAsync(() -> s.python().run(Py.prelude(queue) + """
                from celery.result import AsyncResult
                conn = app.connection_for_write()
                conn.ensure_connection()
                app.control.ping(destination=['nobody@nowhere'], timeout=0.01, connection=conn)  # warm up
                open(os.environ['READY_FILE'], 'w').close()
                first = AsyncResult('%s', app=app)
                deadline = time.time() + 100
                while first.state != 'SUCCESS' and time.time() < deadline:
                    time.sleep(0.005)
                seen = time.time()
                app.control.revoke('%s', connection=conn)
                revoke_ms = (time.time() - seen) * 1000
                sent = time.time()
                replies = app.control.ping(destination=['%s'], timeout=3.0, connection=conn)
                out({'state': first.state, 'revoke_ms': revoke_ms, 'ping_ms': (sent - seen) * 1000,
                     'replies': replies})
                """.formatted(ids.get("first").asText(), ids.get("held").asText(), node),
                Map.of("READY_FILE", ready.toString())));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(ready) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        CeleryConfig config = CeleryConfig.builder().brokerUrl(s.amqpUrl()).resultBackend(s.redisUrl())
                .workerConcurrency(2).build();
        try (RedisResultBackend backend = RedisResultBackend.connect(config);
                CeleryWorker worker = CeleryWorker.builder(config).app(new ExampleTasks()).resultBackend(backend)
                        .queues(List.of(queue)).hostname(node).build()) {
            worker.start();
            JsonNode heard = last(watcher.get());
            assertThat(heard.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(heard.get("revoke_ms").asDouble()).isLessThan(100);
            assertThat(heard.get("ping_ms").asDouble()).isLessThan(100);
            assertThat(heard.get("replies").toString()).contains(node).contains("pong");
            JsonNode held = last(s.python().run(Py.prelude(queue) + """
                    from celery.result import AsyncResult
                    r = AsyncResult('%s', app=app)
                    deadline = time.time() + 60
                    while r.state not in ('REVOKED', 'SUCCESS', 'FAILURE') and time.time() < deadline:
                        time.sleep(0.1)
                    out({'state': r.state})
                    """.formatted(ids.get("held").asText())));
            assertThat(held.get("state").asText()).isEqualTo("REVOKED");
        }
    }

    private static JsonNode last(String output) throws Exception {
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
