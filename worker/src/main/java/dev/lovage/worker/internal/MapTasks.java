package dev.lovage.worker.internal;

import dev.lovage.protocol.Signature;
import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Celery's built-in {@code celery.xmap} and {@code celery.starmap} (celery/app/builtins.py, what
 * {@code task.map(it)} and {@code task.starmap(it)} send): the task named by {@code task} is called here, in this
 * task, once per item of {@code it}, and the list of its return values is the result. An app task registered
 * under one of these names wins.
 */
final class MapTasks {
    private MapTasks() {
    }

    static List<RegisteredTask> tasks(TaskRegistry registry) {
        return List.of(
                new RegisteredTask("celery.xmap", TaskOptions.DEFAULTS, (ctx, args) -> map(registry, ctx, args, false)),
                new RegisteredTask("celery.starmap", TaskOptions.DEFAULTS,
                        (ctx, args) -> map(registry, ctx, args, true)));
    }

    private static List<@Nullable Object> map(TaskRegistry registry, TaskContext ctx, TaskArgs args, boolean star)
            throws Exception {
        Signature task = SignatureDicts.fromDict(args.get(0, "task"));
        RegisteredTask target = registry.get(task.task());
        if (target == null) {
            throw new PythonException("celery.exceptions", "NotRegistered", task.task());
        }
        Object it = args.get(1, "it");
        if (!(it instanceof List<?> items)) {
            throw new PythonException("builtins", "TypeError", "'it' is not a list");
        }
        List<@Nullable Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            List<@Nullable Object> call = star && item instanceof List<?> l ? new ArrayList<>(l)
                    : Collections.singletonList(item);
            out.add(target.handler().handle(ctx, new TaskArgs(call, Map.of())));
        }
        return out;
    }
}
