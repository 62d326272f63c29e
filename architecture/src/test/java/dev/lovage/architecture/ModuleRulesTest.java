package dev.lovage.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/architecture.md, checked on the compiled main classes of every module in the reactor
 * (read from each module's target/classes, so a new module is checked as soon as it exists).
 */
final class ModuleRulesTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static JavaClasses classes;

    @BeforeAll
    static void importEveryModule() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String pom = Files.readString(root.resolve("pom.xml"));
        List<Path> outputs = new ArrayList<>();
        List<String> notBuilt = new ArrayList<>();
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            Path module = root.resolve(m.group(1));
            if (Files.isDirectory(module.resolve("src/main/java"))) {
                Path out = module.resolve("target/classes");
                if (Files.isDirectory(out)) {
                    outputs.add(out);
                } else {
                    notBuilt.add(m.group(1));
                }
            }
        }
        assertThat(notBuilt).as("modules not compiled before the architecture rules ran; keep <module>architecture"
                + "</module> last in the root pom").isEmpty();
        classes = new ClassFileImporter().importPaths(outputs);
        assertThat(classes).as("classes imported from " + outputs).hasSizeGreaterThan(100);
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackage() {
        noClasses().should(useAnotherOwnersInternals()).check(classes);
    }

    @Test
    void workerSeesNeitherTheAmqpClientNorLettuce() {
        noClasses().that().resideInAPackage("dev.lovage.worker..")
                .should().dependOnClassesThat().resideInAnyPackage("com.rabbitmq..", "io.lettuce..", "io.netty..")
                .because("the worker talks to brokers and backends only through its seams").check(classes);
    }

    @Test
    void protocolDoesNoIo() {
        noClasses().that().resideInAPackage("dev.lovage.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("com.rabbitmq..", "io.lettuce..", "io.netty..",
                        "java.net..", "java.nio.channels..", "java.nio.file..", "java.util.concurrent..",
                        "dev.lovage.worker..")
                .because("protocol is the message model and its codecs: no I/O, no threads, no runtime")
                .check(classes);
    }

    @Test
    void cleanupSeesNoLettuceAndNoBrokerClient() {
        noClasses().that().resideInAPackage("dev.lovage.cleanup..")
                .should().dependOnClassesThat().resideInAnyPackage("com.rabbitmq..", "io.lettuce..", "io.netty..")
                .because("chord cleanup works through the ResultBackend seam only").check(classes);
    }

    @Test
    void noJavaFileIsOverThreeHundredLines() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> tooLong = new ArrayList<>();
        int checked;
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !root.relativize(f).toString().contains("target/"))
                    .filter(f -> !root.relativize(f).startsWith(".git")).toList();
            checked = sources.size();
            for (Path f : sources) {
                long lines = Files.readAllLines(f).size();
                if (lines > 300) {
                    tooLong.add(root.relativize(f) + " (" + lines + " lines)");
                }
            }
        }
        assertThat(checked).as("Java files found under " + root).isGreaterThan(300);
        assertThat(tooLong).as("Java files over 300 lines: split them by concept").isEmpty();
    }

    /** A class may use {@code X.internal..} only when it lives under {@code X} itself. */
    private static ArchCondition<JavaClass> useAnotherOwnersInternals() {
        return new ArchCondition<>("use another module's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    int at = target.indexOf(".internal");
                    if (!target.startsWith("dev.lovage.") || at < 0) {
                        continue;
                    }
                    String owner = target.substring(0, at);
                    if (!origin.getPackageName().startsWith(owner)) {
                        events.add(SimpleConditionEvent.satisfied(origin, d.getDescription()));
                    }
                }
            }
        };
    }
}
