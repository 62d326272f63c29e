package dev.lovage.worker.internal;

import dev.lovage.worker.SettingsExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The {@link SettingsExtension}s on the classpath, found once, and what they say about a config's values. */
public final class SettingsExtensions {
    private static final List<SettingsExtension> ALL = load();
    private static final Map<String, String> DEFAULTS = defaults();

    private SettingsExtensions() {
    }

    private static List<SettingsExtension> load() {
        List<SettingsExtension> found = new ArrayList<>();
        ServiceLoader.load(SettingsExtension.class, SettingsExtension.class.getClassLoader()).forEach(found::add);
        return List.copyOf(found);
    }

    private static Map<String, String> defaults() {
        Map<String, String> all = new LinkedHashMap<>();
        ALL.forEach(e -> all.putAll(e.defaults()));
        return Map.copyOf(all);
    }

    /** Every setting an extension owns, with its default. */
    public static Map<String, String> defaultValues() {
        return DEFAULTS;
    }

    /** The problems the extensions find with {@code set} (values given explicitly; the rest are defaults). */
    public static List<String> validate(Map<String, String> set) {
        List<String> problems = new ArrayList<>();
        for (SettingsExtension e : ALL) {
            Map<String, String> values = new LinkedHashMap<>(e.defaults());
            e.defaults().keySet().forEach(k -> {
                if (set.containsKey(k)) {
                    values.put(k, set.get(k));
                }
            });
            problems.addAll(e.validate(values));
        }
        return problems;
    }
}
