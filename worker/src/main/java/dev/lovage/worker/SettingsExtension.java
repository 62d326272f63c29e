package dev.lovage.worker;

import java.util.List;
import java.util.Map;

/**
 * Settings that a module other than the worker owns, such as chord cleanup's {@code result_chord_cleanup_*}. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.lovage.worker.SettingsExtension}), so that
 * {@code CELERY_*} variables, a {@code --config} file and {@link CeleryConfigBuilder#setting(String, String)} accept
 * them, and their problems are reported with the others at start. {@link CeleryConfig} keeps their values as text
 * ({@link CeleryConfig#extensionSetting(String)}); the owning module parses them. Implementations are stateless.
 *
 * @since 0.2
 */
public interface SettingsExtension {

    /** The settings this module owns, Celery spelling ({@code result_chord_cleanup_delay}), with their defaults as text. */
    Map<String, String> defaults();

    /**
     * One line per invalid value, each naming the key, the value and what is allowed.
     *
     * @param values every owned key with its text (set, else default)
     */
    List<String> validate(Map<String, String> values);
}
