package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every complete Java program in the README runs as written, with the source launcher and only the environment a
 * user would set (CELERY_BROKER_URL, CELERY_RESULT_BACKEND, CELERY_TASK_DEFAULT_QUEUE), and prints what the README
 * says it prints. Programs that only send tasks get a Python worker; one that starts a worker gets a queue of its
 * own.
 */
@Timeout(600)
final class ReadmeExamplesIT {
    private static final Pattern EXAMPLE = Pattern.compile(
            "```java\\n((?:(?!```).)*?public class (\\w+)(?:(?!```).)*)```\\s*\\nprints\\s*\\n\\s*```text\\n(.*?)```",
            Pattern.DOTALL);

    record Example(String name, String source, List<String> prints) {
    }

    static List<Example> examples() throws IOException {
        String root = System.getenv("LOVAGE_REPO_ROOT");
        Path readme = (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).resolve("README.md");
        Matcher m = EXAMPLE.matcher(Files.readString(readme));
        List<Example> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Example(m.group(2), m.group(1), m.group(3).strip().lines().toList()));
        }
        return out;
    }

    @Test
    void everyJavaProgramInTheReadmeRunsAsWrittenAndPrintsWhatItSays() throws Exception {
        List<Example> examples = examples();
        assertThat(examples).extracting(Example::name).contains("SendAdd", "SendCanvas", "ReplaceItself");
        Services s = Services.get();
        String pythonQueue = LovageWorker.newQueue("readme_py");
        try (PythonCelery.ProcessHandleCloseable py = s.python().startWorker(pythonQueue, "readme-py@%h",
                Map.of("CELERY_TASK_DEFAULT_QUEUE", pythonQueue))) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            Path dir = Files.createTempDirectory("lovage-readme");
            for (Example e : examples) {
                boolean startsAWorker = e.source().contains("CeleryWorker");
                String queue = startsAWorker ? LovageWorker.newQueue("readme_java") : pythonQueue;
                long start = System.nanoTime();
                List<String> out = run(dir, e, Map.of("CELERY_BROKER_URL", s.amqpUrl(),
                        "CELERY_RESULT_BACKEND", s.redisUrl(), "CELERY_TASK_DEFAULT_QUEUE", queue));
                assertThat(out).as("what %s printed", e.name()).containsSubsequence(e.prints());
                System.out.printf("README example %s ran in %d ms%n", e.name(),
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
        }
    }

    private static List<String> run(Path dir, Example e, Map<String, String> env) throws Exception {
        Path source = dir.resolve(e.name() + ".java");
        Files.writeString(source, e.source());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), source.toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s exited with %s:\n%s", e.name(), p.exitValue(), text).isZero();
        return text.lines().map(String::strip).toList();
    }
}
