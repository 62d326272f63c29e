package dev.lovage.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The worker's logging, set up in code rather than from a logback.xml: reading XML (Joran and the JDK's XML parser)
 * took about a quarter of a second of every start. Celery's own layout,
 * {@code [%(asctime)s: %(levelname)s/%(processName)s] %(message)s}, on standard error; the broker and Redis clients
 * at WARN. A logback.xml (or logback-test.xml) on the classpath, or {@code -Dlogback.configurationFile}, still wins:
 * this configurator then steps aside for logback's own.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "[%d{\"yyyy-MM-dd HH:mm:ss,SSS\"}: %level/%thread] %msg%n";

    /** Called by logback through {@code ServiceLoader}. */
    public LogSetup() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfiguration(LogSetup.class.getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** True when the user names a configuration of their own, which logback's own configurator then reads. */
    static boolean userConfiguration(ClassLoader loader) {
        return System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
    }

    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        for (String client : new String[] {"com.rabbitmq", "io.lettuce", "io.netty"}) {
            context.getLogger(client).setLevel(Level.WARN);
        }
    }
}
