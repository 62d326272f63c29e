package dev.lovage.worker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a task the worker publishes goes (a chain step, a callback, a chord body): the {@code queue} option of a task
 * registered here, else Celery's {@code task_routes} as name globs mapped to queues, else {@code task_default_queue}
 * (celery/app/routes.py Router.route: the task's own options win over the matched route). The publishing worker routes, as in Celery, so a
 * mixed fleet gives Lovage the routes its Python producers use.
 */
public final class Routes {
    private final Map<Pattern, String> routes = new LinkedHashMap<>();
    private final String defaultQueue;
    private final Function<String, @Nullable String> taskQueues;

    public Routes(Map<String, String> globs, String defaultQueue) {
        this(globs, defaultQueue, name -> null);
    }

    public Routes(Map<String, String> globs, String defaultQueue, Function<String, @Nullable String> taskQueues) {
        globs.forEach((glob, queue) -> routes.put(Pattern.compile(toRegex(glob)), queue));
        this.defaultQueue = defaultQueue;
        this.taskQueues = taskQueues;
    }

    public String queueFor(String taskName) {
        String own = taskQueues.apply(taskName);
        if (own != null) {
            return own;
        }
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
