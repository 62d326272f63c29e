package dev.lovage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class LogSetupTest {

    @Test
    void setsUpCeleryLayoutOnStandardErrorWithClientsAtWarn() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
                .isEqualTo("[%d{\"yyyy-MM-dd HH:mm:ss,SSS\"}: %level/%thread] %msg%n");
        for (String client : new String[] {"com.rabbitmq", "io.lettuce", "io.netty"}) {
            assertThat(context.getLogger(client).getLevel()).isEqualTo(Level.WARN);
        }
        context.stop();
    }

    @Test
    void stepsAsideOnlyForAConfigurationOfTheUsers() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(LogSetup.userConfiguration(empty)).isFalse();
            System.setProperty("logback.configurationFile", "custom.xml");
            try {
                assertThat(LogSetup.userConfiguration(empty)).isTrue();
            } finally {
                System.clearProperty("logback.configurationFile");
            }
        }
        for (String name : new String[] {"logback.xml", "logback-test.xml"}) {
            Path dir = Files.createTempDirectory("logsetup");
            Files.writeString(dir.resolve(name), "<configuration/>");
            try (URLClassLoader withFile = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
                assertThat(LogSetup.userConfiguration(withFile)).as(name).isTrue();
            } finally {
                Files.delete(dir.resolve(name));
                Files.delete(dir);
            }
        }
    }
}
