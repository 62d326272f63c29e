package dev.lovage.worker.internal.typed;

import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskRegistrationException;
import dev.lovage.worker.internal.SettingParsers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads a {@link CeleryTask}'s string options with the settings' parsers; a bad one fails registration. */
final class AnnotatedOptions {
    private AnnotatedOptions() {
    }

    static TaskOptions of(CeleryTask t, String where) {
        TaskOptions.Builder b = TaskOptions.builder();
        set(where, "queue", t.queue(), v -> v, b::queue);
        set(where, "rateLimit", t.rateLimit(), v -> v, b::rateLimit);
        set(where, "timeLimit", t.timeLimit(), SettingParsers::duration, b::timeLimit);
        set(where, "softTimeLimit", t.softTimeLimit(), SettingParsers::duration, b::softTimeLimit);
        set(where, "acksLate", t.acksLate(), SettingParsers::bool, b::acksLate);
        set(where, "acksOnFailureOrTimeout", t.acksOnFailureOrTimeout(), SettingParsers::bool,
                b::acksOnFailureOrTimeout);
        set(where, "rejectOnWorkerLost", t.rejectOnWorkerLost(), SettingParsers::bool, b::rejectOnWorkerLost);
        set(where, "ignoreResult", t.ignoreResult(), SettingParsers::bool, b::ignoreResult);
        set(where, "trackStarted", t.trackStarted(), SettingParsers::bool, b::trackStarted);
        if (!t.maxRetries().isEmpty()) {
            set(where, "maxRetries", t.maxRetries(), SettingParsers::optionalInteger, b::maxRetries);
        }
        set(where, "defaultRetryDelay", t.defaultRetryDelay(), SettingParsers::duration, b::defaultRetryDelay);
        b.autoretryFor(t.autoretryFor());
        set(where, "retryBackoff", t.retryBackoff(), AnnotatedOptions::backoff, d -> {
            if (!d.isZero()) {
                b.retryBackoff(d);
            }
        });
        set(where, "retryBackoffMax", t.retryBackoffMax(), SettingParsers::duration, b::retryBackoffMax);
        set(where, "retryJitter", t.retryJitter(), SettingParsers::bool, b::retryJitter);
        return b.build();
    }

    // Celery's retry_backoff: True means a factor of 1 s, False none, a number that many seconds.
    private static Duration backoff(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Duration.ofSeconds(1);
            case "false", "no", "off", "0" -> Duration.ZERO;
            default -> {
                try {
                    yield Duration.ofNanos(new BigDecimal(v.trim()).movePointRight(9).longValueExact());
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("true, false or a number of seconds");
                }
            }
        };
    }

    private static <T> void set(String where, String option, String text, Function<String, T> parse,
            Consumer<T> setter) {
        if (text.isEmpty()) {
            return;
        }
        try {
            setter.accept(parse.apply(text));
        } catch (IllegalArgumentException e) {
            throw new TaskRegistrationException(where + ": @CeleryTask(" + option + " = \"" + text + "\"): expected "
                    + e.getMessage());
        }
    }
}
