package dev.lovage.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Lovage worker in a process of its own, started as a user starts it ({@code java -jar cli/target/lovage.jar
 * worker ...}), so that a test can kill it with SIGKILL. Settings come from {@code CELERY_*} variables only.
 */
public final class LovageProcess {
    private LovageProcess() {
    }

    /** Starts {@code lovage worker -A ExampleTasks -Q queue -n node -l info <extra>} with {@code env}. */
    public static StartedProcess start(Map<String, String> env, String queue, String node, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar().toString(), "worker", "-A", "dev.lovage.examples.ExampleTasks", "-Q", queue, "-n",
                node, "-l", "info"));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CELERY_"));
        pb.environment().putAll(env);
        try {
            return new StartedProcess(pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the lovage command: " + e.getMessage(), e);
        }
    }

    /** As {@link #start}, waiting until the worker says it is ready. */
    public static StartedProcess started(Map<String, String> env, String queue, String node, String... extra) {
        StartedProcess p = start(env, queue, node, extra);
        p.awaitOutput("ready.", Duration.ofSeconds(90));
        return p;
    }

    private static Path jar() {
        String root = System.getenv("LOVAGE_REPO_ROOT");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return base.resolve("cli/target/lovage.jar");
    }
}
