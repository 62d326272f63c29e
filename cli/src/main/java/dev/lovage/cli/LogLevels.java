package dev.lovage.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Applies {@code -l/--loglevel} with Celery's level names. */
final class LogLevels {
    private LogLevels() {
    }

    static void apply(String name) {
        Level level = switch (name.toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL", "FATAL" -> Level.ERROR;
            default -> throw new IllegalArgumentException(
                    "-l " + name + ": expected DEBUG, INFO, WARNING, ERROR or CRITICAL");
        };
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
        // Our own packages follow the chosen level; third-party clients stay at WARN unless DEBUG is asked for.
        ((Logger) LoggerFactory.getLogger("dev.lovage")).setLevel(level);
        if (level == Level.DEBUG) {
            ((Logger) LoggerFactory.getLogger("com.rabbitmq")).setLevel(Level.DEBUG);
        }
    }
}
