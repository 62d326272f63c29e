package dev.lovage.suite;

import static dev.lovage.suite.SuiteTasks.T;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.ErrbackHandler;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The tasks of tasks.py that write to the suite's Redis, and the errbacks that call them. */
final class RedisTasks {
    private RedisTasks() {
    }

    static void register(CeleryWorkerBuilder b, SuiteRedis redis) {
        b.task(T + "redis_echo", (ctx, a) -> {
            redis.rpush(key(a, 1, "redis_key", "redis-echo"), Py.str(a.get(0, "message")));
            return null;
        });
        b.task(T + "redis_echo_group_id", (ctx, a) -> {
            redis.rpush(key(a, 1, "redis_key", "redis-group-ids"), Py.str(ctx.groupId()));
            return null;
        });
        b.task(T + "redis_count", (ctx, a) -> {
            redis.incr(key(a, 0, "redis_key", "redis-count"));
            return null;
        });
        b.task(T + "sum_and_record", (ctx, a) -> {
            Object result = Py.sum(a.get(0, "values"));
            redis.rpush(String.valueOf(a.get(1, "redis_key")), ctx.taskId());
            return result;
        });
        // Old-style errbacks are sent as tasks with the failed task's id as first argument.
        b.task(T + "errback_old_style", (ctx, a) -> {
            String requestId = String.valueOf(a.get(0, "request_id"));
            redis.incr(requestId);
            return requestId;
        });
        b.task(T + "errback_old_style_with_args", (ctx, a) -> {
            redis.rpush(String.valueOf(a.get(0, "request_id")), Py.str(a.get(1, "label")));
            return null;
        });
        // New-style ones (request, exc, traceback) run in the worker that saw the failure.
        b.errback(T + "errback_new_style", (failedId, request, error, traceback) -> redis.incr(failedId));
        b.errback(T + "errback_new_style_with_args", new ErrbackHandler() {
            @Override
            public void onError(String failedId, @Nullable TaskRequest request, ExceptionInfo error,
                    @Nullable String traceback) {
                throw new PythonException("builtins", "TypeError",
                        "errback_new_style_with_args() missing 1 required positional argument: 'label'");
            }

            @Override
            public void onError(String failedId, @Nullable TaskRequest request, ExceptionInfo error,
                    @Nullable String traceback, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {
                Object label = args.isEmpty() ? kwargs.get("label") : args.get(0);
                redis.rpush(failedId, Py.str(label));
            }
        });
    }

    private static String key(TaskArgs a, int i, String name, String fallback) {
        @Nullable Object key = PlainTasks.optional(a, i, name, fallback);
        return key == null ? fallback : String.valueOf(key);
    }
}
