package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code lovage worker} command as a user runs it: the fat jar, settings from CELERY_* variables, signals. */
@Timeout(180)
final class CliIT {

    private static Path jar() {
        String root = System.getenv("LOVAGE_REPO_ROOT");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        Path jar = base.resolve("cli/target/lovage.jar");
        assertThat(jar).as("the fat jar is built by the cli module's package phase").exists();
        return jar;
    }

    private static ProcessBuilder lovage(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CELERY_"));
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs {@code lovage <args>} to completion and returns what it printed. */
    static String runCli(Map<String, String> env, String... args) throws Exception {
        Process p = lovage(env, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aBadSettingStopsTheWorkerNamingKeyValueAndWhatIsAllowed() throws Exception {
        Process p = lovage(Map.of("CELERY_WORKER_PREFETCH_MULTIPLIER", "many",
                        "CELERY_BROKER_URL", "amqp://user:hunter2@127.0.0.1:1//"),
                "worker", "-A", "dev.lovage.examples.ExampleTasks").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("worker_prefetch_multiplier=many: expected a whole number")
                .doesNotContain("hunter2");
    }

    @Test
    void anUnknownAppClassIsAClearError() throws Exception {
        Process p = lovage(Map.of(), "worker", "-A", "com.example.Missing").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("-A com.example.Missing: no such class on the classpath");
    }

    @Test
    void servesPythonAndStopsWarmlyOnSigterm() throws Exception {
        String queue = LovageWorker.newQueue("cli");
        File log = Files.createTempFile("lovage-cli", ".log").toFile();
        Process p = startAndMultiply(queue, log, "-c", "2", "-n", "cli@%h");
        try {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            String text = Files.readString(log.toPath());
            assertThat(text).contains("Connected to amqp://guest:**@")
                    .containsPattern("Task tasks\\.mul\\[[0-9a-f-]{36}\\] received")
                    .containsPattern("Task tasks\\.mul\\[[0-9a-f-]{36}\\] succeeded in [0-9.e-]+s: 42")
                    .contains("worker: Warm shutdown (MainProcess)")
                    .contains("[tasks]").contains("  . tasks.add");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theWithoutFlagsOfCeleryWorkerAreTaken() throws Exception {
        String queue = LovageWorker.newQueue("cli-without");
        File log = Files.createTempFile("lovage-cli", ".log").toFile();
        Process p = startAndMultiply(queue, log, "-n", "without@%h", "--without-mingle", "--without-gossip",
                "--without-heartbeat");
        try {
            assertThat(Files.readString(log.toPath())).doesNotContain("mingle:");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Starts {@code lovage worker} on {@code queue} (log level info, more flags as given) and has Python call it. */
    private static Process startAndMultiply(String queue, File log, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "-A", "dev.lovage.examples.ExampleTasks", "-Q", queue,
                "-l", "info"));
        args.addAll(List.of(flags));
        Process p = lovage(Map.of("CELERY_BROKER_URL", Services.get().amqpUrl(),
                "CELERY_RESULT_BACKEND", Services.get().redisUrl()), args.toArray(String[]::new))
                .redirectOutput(log).start();
        try {
            awaitLog(log, "ready.", Duration.ofSeconds(60));
            String out = Services.get().python().run(Py.prelude(queue) + "out(mul.delay(6, 7).get(timeout=10))");
            assertThat(out.strip()).isEqualTo("42");
            return p;
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static void awaitLog(File log, String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.readString(log.toPath()).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the worker log:\n" + Files.readString(log.toPath()));
    }
}
