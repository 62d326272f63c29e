package dev.lovage.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a task without an explicit {@code queue} goes: Celery's {@code task_routes} as task-name globs ({@code *},
 * {@code ?}) mapped to queue names, first match wins, else {@code task_default_queue}. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class TaskRoutes {
    private final Map<Pattern, String> routes;
    private final String defaultQueue;
    private final Function<String, @Nullable String> taskQueues;

    private TaskRoutes(Map<Pattern, String> routes, String defaultQueue, Function<String, @Nullable String> taskQueues) {
        this.routes = routes;
        this.defaultQueue = defaultQueue;
        this.taskQueues = taskQueues;
    }

    private TaskRoutes(Map<String, String> globs, String defaultQueue) {
        this(compile(globs), defaultQueue, name -> null);
    }

    private static Map<Pattern, String> compile(Map<String, String> globs) {
        Map<Pattern, String> compiled = new LinkedHashMap<>();
        globs.forEach((glob, queue) -> compiled.put(Pattern.compile(toRegex(glob)), queue));
        return compiled;
    }

    /**
     * These routes with the tasks' own {@code queue} options in front ({@code taskQueues} answers null for a task
     * without one): in celery/app/routes.py a task's own options win over the route its name matches.
     */
    public TaskRoutes withTaskQueues(Function<String, @Nullable String> taskQueues) {
        return new TaskRoutes(routes, defaultQueue, taskQueues);
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
        String own = taskQueues.apply(taskName);
        if (own != null) {
            return own;
        }
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
