package dev.lovage.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a task without an explicit {@code queue} goes: Celery's {@code task_routes} as task-name globs ({@code *},
 * {@code ?}) mapped to queue names, first match wins, else {@code task_default_queue}. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class TaskRoutes {
    private final Map<Pattern, String> routes = new LinkedHashMap<>();
    private final String defaultQueue;

    private TaskRoutes(Map<String, String> globs, String defaultQueue) {
        globs.forEach((glob, queue) -> routes.put(Pattern.compile(toRegex(glob)), queue));
        this.defaultQueue = defaultQueue;
    }

    /** Routes from {@code task_routes} globs (in their iteration order) and {@code task_default_queue}. */
    public static TaskRoutes of(Map<String, String> globs, String defaultQueue) {
        return new TaskRoutes(globs, defaultQueue);
    }

    /** Every task to {@code queue}. */
    public static TaskRoutes defaultQueue(String queue) {
        return new TaskRoutes(Map.of(), queue);
    }

    /** The queue for {@code taskName}: the first matching route's, else the default queue. */
    public String queueFor(String taskName) {
        String routed = routeFor(taskName);
        return routed != null ? routed : defaultQueue;
    }

    /** The first matching route's queue, or null when no route matches {@code taskName}. */
    public @Nullable String routeFor(String taskName) {
        for (Map.Entry<Pattern, String> e : routes.entrySet()) {
            if (e.getKey().matcher(taskName).matches()) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
