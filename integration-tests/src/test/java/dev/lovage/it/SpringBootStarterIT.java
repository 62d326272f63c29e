package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example Spring Boot application (examples/spring-boot-app, built for Boot 4.0 and, as spring-boot3-app, for
 * Boot 3.5) run as a user runs it, with lovage-spring-boot-starter: a Python producer calls its typed tasks with args
 * and kwargs and reads records back as dicts; the actuator shows the worker's health and meters; SIGTERM closes the
 * context and the worker stops warm, finishing the task it is running.
 */
@Timeout(600)
final class SpringBootStarterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path jar(String module, String name) {
        String root = System.getenv("LOVAGE_REPO_ROOT");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        Path jar = base.resolve("examples").resolve(module).resolve("target").resolve(name + "-exec.jar");
        assertThat(jar).as("built by examples/%s's package phase", module).exists();
        return jar;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spring-boot-app:lovage-example-spring-boot", "spring-boot3-app:lovage-example-spring-boot3"})
    void bootApplicationServesTypedTasksShowsHealthAndMetricsAndStopsWarm(String app) throws Exception {
        String[] moduleAndName = app.split(":");
        String queue = LovageWorker.newQueue("boot");
        int port = freePort();
        File log = Files.createTempFile("lovage-boot", ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar(moduleAndName[0], moduleAndName[1]).toString(), "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(log);
        pb.environment().keySet().removeIf(k -> k.startsWith("CELERY_") || k.startsWith("LOVAGE_WORKER"));
        pb.environment().put("CELERY_BROKER_URL", Services.get().amqpUrl());
        pb.environment().put("CELERY_RESULT_BACKEND", Services.get().redisUrl());
        pb.environment().put("CELERY_TASK_TRACK_STARTED", "true");
        pb.environment().put("LOVAGE_WORKER_QUEUES", queue);
        pb.environment().put("LOVAGE_WORKER_HOSTNAME", "boot-" + queue.substring(queue.length() - 8) + "@%h");
        Process p = pb.start();
        try {
            awaitLog(p, log, "ready.", Duration.ofSeconds(300));
            callsTypedTasks(queue);
            healthShowsTheWorker(port);
            metricsCountTheTasks(port);
            stopsWarmWithTheContext(queue, p, log);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void callsTypedTasks(String queue) {
        String out = Services.get().python().run(Py.prelude(queue) + """
                lines = [{'sku': 'a', 'quantity': 2, 'price': decimal.Decimal('2.50')},
                         {'sku': 'b', 'quantity': 1, 'price': decimal.Decimal('1.25')}]
                placed = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
                r = app.send_task('orders.invoice', args=[lines], kwargs={'discount': decimal.Decimal('0.1'),
                                  'placed': placed}, queue='%s').get(timeout=60)
                out({'type': type(r).__name__, 'keys': sorted(r), 'total': repr(r['total']), 'items': r['items'],
                     'placed': repr(r['placed']), 'skus': r['skus']})
                try:
                    app.send_task('orders.invoice', args=[lines, decimal.Decimal('0.1')],
                                  kwargs={'discount': decimal.Decimal('0.2')}, queue='%s').get(timeout=60)
                except TypeError as e:
                    out(str(e))
                """.formatted(queue, queue));
        List<String> lines = out.strip().lines().toList();
        assertThat(lines.get(0)).isEqualTo("{\"type\": \"dict\", \"keys\": [\"items\", \"placed\", \"skus\", "
                + "\"total\"], \"total\": \"Decimal('5.62')\", \"items\": 3, \"placed\": "
                + "\"datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)\", \"skus\": [\"a\", \"b\"]}");
        assertThat(lines.get(1)).isEqualTo("\"invoice() got multiple values for argument 'discount'\"");
    }

    private static void healthShowsTheWorker(int port) throws Exception {
        JsonNode health = get(port, "/actuator/health");
        JsonNode lovage = health.path("components").path("lovage");
        assertThat(lovage.path("status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(lovage.path("details").path("broker").asText()).isEqualTo("up");
        assertThat(lovage.path("details").path("backend").asText()).isEqualTo("up");
        assertThat(lovage.path("details").path("tasks").toString()).contains("orders.invoice", "orders.slow");
    }

    private static void metricsCountTheTasks(int port) throws Exception {
        JsonNode runtime = get(port, "/actuator/metrics/celery.task.runtime?tag=task:orders.invoice");
        double count = 0;
        for (JsonNode m : runtime.path("measurements")) {
            if (m.path("statistic").asText().equals("COUNT")) {
                count = m.path("value").asDouble();
            }
        }
        assertThat(count).as(runtime.toString()).isEqualTo(2.0);
        assertThat(get(port, "/actuator/metrics/celery.task.received").toString()).contains("orders.invoice");
    }

    private static void stopsWarmWithTheContext(String queue, Process p, File log) throws Exception {
        String started = Services.get().python().run(Py.prelude(queue) + """
                r = app.send_task('orders.slow', args=[4], queue='%s')
                deadline = time.time() + 120
                while r.state != 'STARTED' and time.time() < deadline:
                    time.sleep(0.05)
                out([r.id, r.state])
                """.formatted(queue));
        JsonNode idAndState = JSON.readTree(started.strip());
        assertThat(idAndState.get(1).asText()).isEqualTo("STARTED");
        p.destroy();
        String result = Services.get().python().run(Py.prelude(queue) + "out(app.AsyncResult('%s').get(timeout=90))"
                .formatted(idAndState.get(0).asText()));
        assertThat(result.strip()).isEqualTo("\"done\"");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isIn(0, 143);
        assertThat(Files.readString(log.toPath())).contains("worker: Warm shutdown (MainProcess)")
                .containsPattern("Task orders\\.slow\\[[0-9a-f-]{36}\\] succeeded");
    }

    private static void awaitLog(Process p, File log, String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.readString(log.toPath()).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        if (Files.readString(log.toPath()).contains(text)) {
            return;
        }
        throw new AssertionError("no '" + text + "' in the application's log" + (p.isAlive() ? "" : " (it exited)")
                + ":\n" + Files.readString(log.toPath()));
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
