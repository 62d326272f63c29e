package dev.lovage.cleanup.internal;

import dev.lovage.worker.SettingValues;
import dev.lovage.worker.SettingsExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Declares chord cleanup's five settings to the worker's settings reader (ServiceLoader). */
public final class CleanupSettingsExtension implements SettingsExtension {

    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("result_chord_cleanup", "true");
        d.put("result_chord_cleanup_delay", "0");
        d.put("result_chord_cleanup_failed", "false");
        d.put("result_chord_cleanup_dry_run", "false");
        d.put("result_chord_cleanup_max_attempts", "5");
        return d;
    }

    @Override
    public List<String> validate(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        check(problems, values, "result_chord_cleanup", SettingValues::bool);
        check(problems, values, "result_chord_cleanup_failed", SettingValues::bool);
        check(problems, values, "result_chord_cleanup_dry_run", SettingValues::bool);
        check(problems, values, "result_chord_cleanup_delay", v -> {
            if (SettingValues.duration(v).isNegative()) {
                throw new IllegalArgumentException("a duration of at least 0");
            }
        });
        check(problems, values, "result_chord_cleanup_max_attempts", v -> {
            if (SettingValues.integer(v) < 1) {
                throw new IllegalArgumentException("a whole number of at least 1");
            }
        });
        return problems;
    }

    private static void check(List<String> problems, Map<String, String> values, String key, Consumer<String> parse) {
        String value = values.get(key);
        try {
            parse.accept(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + "=" + value + ": expected " + e.getMessage());
        }
    }
}
