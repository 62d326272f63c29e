package dev.lovage.worker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a task the worker publishes goes (a chain step, a callback, a chord body): Celery's {@code task_routes}
 * as name globs mapped to queues, else {@code task_default_queue}. The publishing worker routes, as in Celery, so a
 * mixed fleet gives Lovage the routes its Python producers use.
 */
public final class Routes {
    private final Map<Pattern, String> routes = new LinkedHashMap<>();
    private final String defaultQueue;

    public Routes(Map<String, String> globs, String defaultQueue) {
        globs.forEach((glob, queue) -> routes.put(Pattern.compile(toRegex(glob)), queue));
        this.defaultQueue = defaultQueue;
    }

    public String queueFor(String taskName) {
        for (Map.Entry<Pattern, String> e : routes.entrySet()) {
            if (e.getKey().matcher(taskName).matches()) {
                return e.getValue();
            }
        }
        return defaultQueue;
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
