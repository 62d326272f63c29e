package dev.lovage.suite;

import static dev.lovage.suite.SuiteTasks.T;

import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The retrying tasks of tasks.py. */
final class RetryTasks {
    private RetryTasks() {
    }

    static void register(CeleryWorkerBuilder b) {
        // tasks.py keeps the attempt count on the task object: one per worker process, as here.
        AtomicInteger attempt = new AtomicInteger();
        b.task(T + "retry", TaskOptions.builder().defaultRetryDelay(Duration.ofSeconds(1)).build(), (ctx, a) -> {
            Object returnValue = PlainTasks.optional(a, 0, "return_value", null);
            if (Py.truthy(returnValue)) {
                int n = attempt.get();
                System.out.println("attempt " + n);
                if (n >= 3) {
                    attempt.set(0);
                    return returnValue;
                }
                attempt.set(n + 1);
            }
            throw ctx.retry(expected(), Duration.ofSeconds(5));
        });
        b.task(T + "retry_unpickleable", TaskOptions.builder().defaultRetryDelay(Duration.ofSeconds(1)).build(),
                RetryTasks::retryUnpickleable);
        TaskOptions once = TaskOptions.builder().maxRetries(1).build();
        b.task(T + "retry_once", once, (ctx, a) -> {
            if (ctx.retries() > 0) {
                return ctx.retries();
            }
            throw ctx.retry(null, seconds(a.keyword().getOrDefault("countdown", 0.1)),
                    maxRetries(a.keyword().getOrDefault("max_retries", 1)));
        });
        b.task(T + "retry_once_ignore_result", SuiteOptions.ignoreResult(true), RetryTasks::retryOnceNow);
        b.task(T + "retry_once_with_result", SuiteOptions.ignoreResult(false), RetryTasks::retryOnceNow);
        b.task(T + "retry_once_priority", once, (ctx, a) -> {
            if (ctx.retries() > 0) {
                return ctx.deliveryInfo().priority();
            }
            throw ctx.retry(null, seconds(a.keyword().getOrDefault("countdown", 0.1)),
                    maxRetries(a.keyword().getOrDefault("max_retries", 1)));
        });
        b.task(T + "retry_once_headers", once, (ctx, a) -> {
            if (ctx.retries() > 0) {
                return ctx.headers();
            }
            throw ctx.retry(null, seconds(a.keyword().getOrDefault("countdown", 0.1)),
                    maxRetries(a.keyword().getOrDefault("max_retries", 1)));
        });
        // retry(args=(foo + 1, bar + 1)) from a call by keyword: Celery 5.7 drops the keywords the new
        // positional arguments bind (foo, bar) and keeps the rest (label).
        b.task(T + "retry_with_args_after_kwargs", once, (ctx, a) -> {
            if (ctx.retries() == 0) {
                Map<String, @Nullable Object> kept = new LinkedHashMap<>(a.keyword());
                kept.remove("foo");
                kept.remove("bar");
                throw ctx.retry(null, Duration.ZERO).withCall(
                        List.of(Py.add(a.get(0, "foo"), 1), Py.add(a.get(1, "bar"), 1)), kept);
            }
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            out.put("foo", a.get(0, "foo"));
            out.put("bar", a.get(1, "bar"));
            out.put("label", PlainTasks.optional(a, 2, "label", null));
            out.put("retries", ctx.retries());
            out.put("is_eager", false);
            return out;
        });
        // retry(kwargs={'foo': foo + 1}) from a positional call: Celery 5.7 binds the new keyword in its place.
        b.task(T + "retry_with_kwargs_after_args", once, (ctx, a) -> {
            if (ctx.retries() == 0) {
                List<@Nullable Object> call = new ArrayList<>(a.positional());
                call.set(0, Py.add(a.get(0, "foo"), 1));
                throw ctx.retry(null, Duration.ZERO).withCall(call, a.keyword());
            }
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            out.put("foo", a.get(0, "foo"));
            out.put("bar", a.get(1, "bar"));
            out.put("retries", ctx.retries());
            out.put("is_eager", false);
            return out;
        });
        TaskOptions acksLate = TaskOptions.builder().acksLate(true).build();
        b.task(T + "reject_then_succeed", acksLate, (ctx, a) -> {
            if (!ctx.deliveryInfo().redelivered()) {
                throw ctx.reject(true);
            }
            return "second-pass";
        });
        b.task(T + "reject_without_requeue", (ctx, a) -> {
            throw ctx.reject("rejected", false);
        });
        // ClassBasedAutoRetryTask: autoretry_for ValueError, max_retries 1, retry_backoff (1 s, jittered).
        b.task("auto_retry_class_task", once, (ctx, a) -> {
            if (ctx.retries() > 0) {
                return ctx.retries();
            }
            throw ctx.retry(new PythonException("builtins", "ValueError"), Duration.ofMillis(500), 1);
        });
    }

    private static Object retryOnceNow(TaskContext ctx, TaskArgs a) {
        if (ctx.retries() == 0) {
            throw ctx.retry(null, Duration.ZERO);
        }
        return ctx.retries();
    }

    @SuppressWarnings("unchecked")
    private static Object retryUnpickleable(TaskContext ctx, TaskArgs a) {
        Map<String, Object> kwargs = a.keyword().get("retry_kwargs") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        PythonException exc = new PythonException("t.integration.tasks", "UnpickleableException", a.get(0, "foo"));
        Duration countdown = kwargs.containsKey("countdown") ? seconds(kwargs.get("countdown")) : Duration.ofSeconds(1);
        if (kwargs.containsKey("max_retries")) {
            throw ctx.retry(exc, countdown, maxRetries(kwargs.get("max_retries")));
        }
        throw ctx.retry(exc, countdown);
    }

    static PythonException expected() {
        return new PythonException("t.integration.tasks", "ExpectedException");
    }

    static Duration seconds(@Nullable Object v) {
        return Duration.ofNanos((long) (Py.seconds(v) * 1e9));
    }

    static @Nullable Integer maxRetries(@Nullable Object v) {
        return v == null ? null : ((Number) v).intValue();
    }
}
