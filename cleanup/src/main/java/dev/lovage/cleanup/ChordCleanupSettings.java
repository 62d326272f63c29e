package dev.lovage.cleanup;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.SettingValues;
import java.time.Duration;

/**
 * Chord cleanup's settings, owned by this module and read, like every Celery setting, from {@code CELERY_*}
 * variables, a {@code --config} file or {@link dev.lovage.worker.CeleryConfigBuilder#setting(String, String)}.
 *
 * @param enabled {@code result_chord_cleanup}: forget header results after the callback succeeded (default true)
 * @param delay {@code result_chord_cleanup_delay}: grace delay before deleting (default 0)
 * @param failed {@code result_chord_cleanup_failed}: also clean chords whose callback failed (default false)
 * @param dryRun {@code result_chord_cleanup_dry_run}: log what would be deleted, delete nothing (default false)
 * @param maxAttempts {@code result_chord_cleanup_max_attempts}: attempts before a record is dead-lettered (default 5)
 * @since 0.2
 */
public record ChordCleanupSettings(boolean enabled, Duration delay, boolean failed, boolean dryRun, int maxAttempts) {
    /** Every default. */
    public static final ChordCleanupSettings DEFAULTS = new ChordCleanupSettings(true, Duration.ZERO, false, false, 5);

    /** The settings {@code config} holds (defaults for those not given); {@code config} has validated them. */
    public static ChordCleanupSettings from(CeleryConfig config) {
        return new ChordCleanupSettings(
                SettingValues.bool(config.extensionSetting("result_chord_cleanup")),
                SettingValues.duration(config.extensionSetting("result_chord_cleanup_delay")),
                SettingValues.bool(config.extensionSetting("result_chord_cleanup_failed")),
                SettingValues.bool(config.extensionSetting("result_chord_cleanup_dry_run")),
                SettingValues.integer(config.extensionSetting("result_chord_cleanup_max_attempts")));
    }
}
