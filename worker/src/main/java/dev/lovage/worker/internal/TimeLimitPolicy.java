package dev.lovage.worker.internal;

import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TimeLimit;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.TaskOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A task's time limits, each the first one set of: the message's {@code timelimit} header, the limit remote control
 * set for the task ({@code celery control time_limit}), the task's own option, the {@code task_time_limit} /
 * {@code task_soft_time_limit} settings. Thread-safe.
 */
public final class TimeLimitPolicy {
    private final CeleryConfig config;
    private final Map<String, TimeLimit> overrides = new ConcurrentHashMap<>();

    TimeLimitPolicy(CeleryConfig config) {
        this.config = config;
    }

    /** The limits of one run. */
    TimeLimit limitsFor(TaskHeaders h, TaskOptions options) {
        TimeLimit set = overrides.getOrDefault(h.task(), TimeLimit.NONE);
        return new TimeLimit(first(h.timelimit().hard(), set.hard(), options.timeLimit(), config.taskTimeLimit()),
                first(h.timelimit().soft(), set.soft(), options.softTimeLimit(), config.taskSoftTimeLimit()));
    }

    /** Sets a task's limits from remote control; the message's own limits still win. */
    public void set(String taskName, @Nullable Duration hard, @Nullable Duration soft) {
        overrides.put(taskName, new TimeLimit(hard, soft));
    }

    private static @Nullable Duration first(@Nullable Duration a, @Nullable Duration b, @Nullable Duration c,
            @Nullable Duration d) {
        return a != null ? a : b != null ? b : c != null ? c : d;
    }
}
