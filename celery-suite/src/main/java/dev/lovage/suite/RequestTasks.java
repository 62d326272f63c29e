package dev.lovage.suite;

import static dev.lovage.suite.SuiteTasks.T;

import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The tasks of tasks.py that return what their request ({@code self.request}) holds. */
final class RequestTasks {
    private RequestTasks() {
    }

    static void register(CeleryWorkerBuilder b) {
        b.task(T + "ids", (ctx, a) -> Arrays.asList(ctx.rootId(), ctx.parentId(), a.get(0, "i")));
        b.task(T + "collect_ids", (ctx, a) -> Arrays.asList(a.get(0, "res"),
                Arrays.asList(ctx.rootId(), ctx.parentId(), a.get(1, "i"))));
        b.task(T + "return_priority", (ctx, a) -> "Priority: " + Py.str(ctx.deliveryInfo().priority()));
        b.task(T + "return_request_eta", (ctx, a) -> ctx.headers().get("eta"));
        b.task(T + "return_properties", (ctx, a) -> ctx.properties());
        b.task(T + "return_request_time_limits", RequestTasks::timeLimits);
        b.task(T + "task_with_declared_time_limits", TaskOptions.builder().timeLimit(Duration.ofSeconds(60))
                .softTimeLimit(Duration.ofSeconds(45)).build(), RequestTasks::declaredTimeLimits);
    }

    // Mirrors celery/worker/request.py: request.time_limit and soft_time_limit come from the message's
    // timelimit header, which the client fills from apply_async's options or the task's declared limits.
    private static Map<String, @Nullable Object> timeLimits(TaskContext ctx, TaskArgs a) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        List<?> limits = ctx.headers().get("timelimit") instanceof List<?> l ? l : List.of();
        out.put("time_limit", limits.size() > 0 ? limits.get(0) : null);
        out.put("soft_time_limit", limits.size() > 1 ? limits.get(1) : null);
        return out;
    }

    private static Map<String, @Nullable Object> declaredTimeLimits(TaskContext ctx, TaskArgs a) {
        Map<String, @Nullable Object> out = timeLimits(ctx, a);
        if (out.get("time_limit") == null) {
            out.put("time_limit", 60);
        }
        if (out.get("soft_time_limit") == null) {
            out.put("soft_time_limit", 45);
        }
        return out;
    }
}
