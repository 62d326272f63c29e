package dev.lovage.worker;

import dev.lovage.worker.internal.SettingParsers;
import java.time.Duration;

/**
 * Reads setting text as Celery settings are written, for modules that own settings of their own
 * ({@link SettingsExtension}). Each method throws {@link IllegalArgumentException} whose message says what is
 * expected. Stateless.
 *
 * @since 0.2
 */
public final class SettingValues {
    private SettingValues() {
    }

    /** {@code true}/{@code false}, {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code on}/{@code off}, any case. */
    public static boolean bool(String text) {
        return SettingParsers.bool(text);
    }

    /** A whole number. */
    public static int integer(String text) {
        return SettingParsers.integer(text);
    }

    /** Seconds as a number ({@code 0.5}) or ISO-8601 ({@code PT1H}). */
    public static Duration duration(String text) {
        return SettingParsers.duration(text);
    }
}
