package dev.lovage.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cleanup owns its five settings; the worker's settings reader accepts and checks them like its own. */
@Timeout(10)
final class ChordCleanupSettingsTest {

    @Test
    void defaultsWhenNothingIsGiven() {
        assertThat(ChordCleanupSettings.from(CeleryConfig.builder().build())).isEqualTo(ChordCleanupSettings.DEFAULTS);
        assertThat(CeleryConfig.settingNames()).contains("result_chord_cleanup", "result_chord_cleanup_delay",
                "result_chord_cleanup_failed", "result_chord_cleanup_dry_run", "result_chord_cleanup_max_attempts");
    }

    @Test
    void readsTheSettingsFromEveryPlaceTheWorkerReadsItsOwn() {
        CeleryConfig fromEnv = CeleryConfig.layered(new Properties(), Map.of(
                "CELERY_RESULT_CHORD_CLEANUP_FAILED", "yes", "CELERY_RESULT_CHORD_CLEANUP_DELAY", "PT2S"), Map.of());
        assertThat(ChordCleanupSettings.from(fromEnv)).isEqualTo(
                new ChordCleanupSettings(true, Duration.ofSeconds(2), true, false, 5));
        CeleryConfig built = CeleryConfig.builder().setting("result_chord_cleanup", "false")
                .setting("result_chord_cleanup_max_attempts", "2").build();
        assertThat(ChordCleanupSettings.from(built).enabled()).isFalse();
        assertThat(ChordCleanupSettings.from(built).maxAttempts()).isEqualTo(2);
        assertThat(built.toBuilder().build()).isEqualTo(built);
    }

    @Test
    void badValuesFailAtStartNamingTheSetting() {
        assertThatThrownBy(() -> CeleryConfig.builder().setting("result_chord_cleanup_max_attempts", "0")
                .setting("result_chord_cleanup_delay", "soon").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("result_chord_cleanup_max_attempts=0: expected a whole number of at least 1")
                .hasMessageContaining("result_chord_cleanup_delay=soon: expected");
    }
}
