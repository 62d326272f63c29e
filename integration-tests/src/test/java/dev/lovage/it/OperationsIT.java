package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageProcess;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.StartedProcess;
import dev.lovage.it.support.TestBroker;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Operators' tools against a Lovage worker started as a user starts it (the CLI, with -E and --metrics-port):
 * celery inspect and control, celery events, Flower, Prometheus. On RabbitMQ and on a Redis broker, where remote
 * control and events travel over Redis Pub/Sub.
 */
@Timeout(180)
@ParameterizedClass(name = "on {0}")
@EnumSource(TestBroker.class)
final class OperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestBroker broker;
    private static String QUEUE;
    private static String NODE;
    private static StartedProcess worker;
    private static int metricsPort;

    @Parameter
    TestBroker on;

    @BeforeParameterizedClassInvocation
    static void startWorker(TestBroker on) throws Exception {
        broker = on;
        QUEUE = LovageWorker.newQueue("ops");
        NODE = "ops-" + QUEUE.substring(QUEUE.length() - 8) + "@itest";
        metricsPort = freePort();
        worker = LovageProcess.started(env(on), QUEUE, NODE, "-c", "2", "-E", "--metrics-port",
                Integer.toString(metricsPort));
    }

    /** The worker's settings, as a user gives them: the broker under test and the suite's Redis. */
    static Map<String, String> env(TestBroker on) {
        return Map.of("CELERY_BROKER_URL", on.url(), "CELERY_RESULT_BACKEND", Services.get().redisUrl());
    }

    @AfterParameterizedClassInvocation
    static void stopWorker() {
        if (worker != null) {
            worker.kill();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static JsonNode python(String body) throws Exception {
        String[] lines = broker.python().run(Py.prelude(QUEUE) + body).strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void celeryInspectPingListsTheWorkerByItsName() throws Exception {
        String out = broker.python().run("""
                import subprocess, sys
                r = subprocess.run([sys.executable, '-m', 'celery', '-A', 'tasks', 'inspect', 'ping', '-d', '%s'],
                                   capture_output=True, text=True, timeout=60)
                print(r.stdout + r.stderr)
                """.formatted(NODE));
        assertThat(out).contains(NODE + ": OK").contains("pong").contains("1 node online");
    }

    @Test
    void inspectRegisteredListsTheJavaTasks() throws Exception {
        JsonNode r = python("out(app.control.inspect(destination=['%s'], timeout=3).registered())".formatted(NODE));
        assertThat(r.get(NODE).toString()).contains("tasks.add").contains("tasks.retry_until")
                .doesNotContain("celery.chord_unlock");
    }

    @Test
    void inspectActiveShowsARunningJavaTask() throws Exception {
        JsonNode r = python("""
                res = sleep.delay(3)
                time.sleep(1)
                active = app.control.inspect(destination=['%s'], timeout=3).active()
                res.get(timeout=10)
                out([res.id, active])
                """.formatted(NODE));
        JsonNode active = r.get(1).get(NODE);
        assertThat(active).hasSize(1);
        assertThat(active.get(0).get("id").asText()).isEqualTo(r.get(0).asText());
        assertThat(active.get(0).get("name").asText()).isEqualTo("tasks.sleep");
        assertThat(active.get(0).get("hostname").asText()).isEqualTo(NODE);
    }

    @Test
    void revokeKeepsAQueuedTaskFromRunning() throws Exception {
        JsonNode r = python("""
                busy = [sleep.delay(1.5), sleep.delay(1.5)]
                time.sleep(0.3)
                queued = add.delay(1, 1)
                app.control.revoke(queued.id)
                try:
                    queued.get(timeout=10)
                    out('ran')
                except Exception as e:
                    out([queued.state, type(e).__name__])
                """);
        assertThat(r.toString()).isEqualTo("[\"REVOKED\",\"TaskRevokedError\"]");
    }

    @Test
    void revokeWithTerminateInterruptsARunningTask() throws Exception {
        JsonNode r = python("""
                res = sleep.delay(30)
                time.sleep(1)
                start = time.time()
                app.control.revoke(res.id, terminate=True)
                try:
                    res.get(timeout=15)
                    out('finished')
                except Exception as e:
                    out([res.state, type(e).__name__, time.time() - start])
                """);
        assertThat(r.get(0).asText()).isEqualTo("REVOKED");
        assertThat(r.get(1).asText()).isEqualTo("TaskRevokedError");
        assertThat(r.get(2).asDouble()).isLessThan(10);
    }

    @Test
    void anUnknownCommandGetsThePythonWorkersReply() throws Exception {
        JsonNode r = python("out(app.control.broadcast('no_such_command', destination=['%s'], reply=True, timeout=3))"
                .formatted(NODE));
        assertThat(r.toString()).isEqualTo("[{\"" + NODE + "\":{\"error\":\"KeyError('no_such_command')\"}}]");
    }

    @Test
    void celeryEventsDumpShowsTheTasksEvents() throws Exception {
        String out = broker.python().run(Py.prelude(QUEUE) + """
                import subprocess, sys, threading
                dump = subprocess.Popen([sys.executable, '-m', 'celery', '-A', 'tasks', 'events', '--dump'],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                lines = []
                threading.Thread(target=lambda: lines.extend(iter(dump.stdout.readline, '')), daemon=True).start()
                # Wait until the dump receives (the worker's heartbeats), then send; wait for the task's events.
                deadline = time.time() + 30
                while time.time() < deadline and not any('heartbeat' in l for l in lines):
                    time.sleep(0.2)
                res = add.delay(40, 2)
                res.get(timeout=10)
                while time.time() < deadline + 30 and not any('task succeeded' in l and res.id in l for l in lines):
                    time.sleep(0.2)
                dump.terminate()
                dump.wait(timeout=20)
                print(res.id)
                print(''.join(lines))
                """);
        String id = out.strip().split("\n")[0];
        assertThat(out).contains(NODE).contains("task received").contains("task succeeded").contains(id);
    }

    @Test
    void flowerListsTheWorkerOnlineAndShowsASucceededTask() throws Exception {
        int port = freePort();
        File flowerLog = Files.createTempFile("flower", ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(System.getenv().getOrDefault("LOVAGE_TEST_PYTHON", "python3"), "-m",
                "celery", "-A", "tasks", "flower", "--address=127.0.0.1", "--port=" + port)
                .redirectErrorStream(true).redirectOutput(flowerLog);
        pb.directory(Path.of(System.getenv().getOrDefault("LOVAGE_REPO_ROOT", ".."), "docker/python-celery")
                .toFile());
        pb.environment().put("CELERY_BROKER_URL", broker.url());
        pb.environment().put("CELERY_RESULT_BACKEND", Services.get().redisUrl());
        pb.environment().put("FLOWER_UNAUTHENTICATED_API", "true");
        Process flower = pb.start();
        try {
            String workers = "";
            boolean online = false;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end && !online) {
                Thread.sleep(1000);
                try {
                    workers = get("http://127.0.0.1:" + port + "/api/workers?refresh=1&status=1");
                    online = JSON.readTree(workers).path(NODE).asBoolean();
                } catch (IOException e) {
                    workers = e.toString();
                }
            }
            assertThat(online).as("Flower's /api/workers said: %s", workers).isTrue();
            String id = python("res = add.delay(5, 5)\nres.get(timeout=10)\nout(res.id)").asText();
            JsonNode task = null;
            end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String body = "";
            while (System.nanoTime() < end) {
                // Flower answers "Unknown task" until the task's events have reached it.
                body = get("http://127.0.0.1:" + port + "/api/task/info/" + id);
                task = body.startsWith("{") ? JSON.readTree(body) : null;
                if (task != null && task.path("state").asText().equals("SUCCESS")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(task).as("Flower's /api/task/info said: %s", body).isNotNull();
            assertThat(task.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(task.get("worker").asText()).isEqualTo(NODE);
            assertThat(task.get("name").asText()).isEqualTo("tasks.add");
        } finally {
            flower.destroy();
            flower.waitFor(10, TimeUnit.SECONDS);
            flower.destroyForcibly();
        }
    }

    @Test
    void prometheusCountersAgreeWithTheTasksRun() throws Exception {
        String before = get("http://127.0.0.1:" + metricsPort + "/metrics");
        double start = successes(before);
        python("out(sum(r.get(timeout=10) for r in [mul.delay(i, 2) for i in range(7)]))");
        Thread.sleep(300);
        assertThat(successes(get("http://127.0.0.1:" + metricsPort + "/metrics")) - start).isEqualTo(7.0);
        assertThat(get("http://127.0.0.1:" + metricsPort + "/health")).contains("\"status\": \"up\"");
    }

    private static double successes(String scrape) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("celery_task_runtime_seconds_count") && line.contains("outcome=\"success\"")
                    && line.contains("task=\"tasks.mul\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void aStartingWorkerLearnsTheRevokesOfTheOthers() throws Exception {
        String revokedId = UUID.randomUUID().toString();
        python("app.control.revoke('%s')\nout('ok')".formatted(revokedId));
        String queue = LovageWorker.newQueue("ops_mingle");
        String node = "mingle-" + queue.substring(queue.length() - 8) + "@itest";
        try (StartedProcess p = LovageProcess.started(env(on), queue, node)) {
            assertThat(p.output()).contains("mingle: sync with");
            JsonNode r = python("out(app.control.inspect(destination=['%s'], timeout=3).revoked())".formatted(node));
            assertThat(r.get(node).toString()).contains(revokedId);
        }
    }
}
