package dev.lovage.examples;

import dev.lovage.worker.Arg;
import dev.lovage.worker.Args;
import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.Kwargs;
import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.TaskApp;
import dev.lovage.worker.TaskContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The example tasks of the demo and the interop tests, as typed methods, named and behaving like the Python app in
 * {@code docker/python-celery/tasks.py}: {@code bin/lovage worker -A dev.lovage.examples.ExampleTasks}. Parameters
 * are bound as Python binds them, so a wrong call fails with Python's own {@code TypeError}.
 *
 * @since 0.1
 */
public final class ExampleTasks implements TaskApp {

    @Override
    public void register(CeleryWorkerBuilder worker) {
        worker.tasks(this);
    }

    /** Python's {@code x + y}: ints stay exact, floats mix in, strings and lists concatenate. */
    @CeleryTask(name = "tasks.add")
    public Object add(@Nullable Object x, @Nullable Object y) {
        return PythonMath.add(x, y);
    }

    @CeleryTask(name = "tasks.mul")
    public Object mul(@Nullable Object x, @Nullable Object y) {
        return PythonMath.mul(x, y);
    }

    /** The sum of a list: the usual chord body. */
    @CeleryTask(name = "tasks.xsum")
    public Object xsum(List<@Nullable Object> values) {
        Object total = 0;
        for (Object v : values) {
            total = PythonMath.add(total, v);
        }
        return total;
    }

    /** Returns what it was called with, to compare how arguments survive the wire. */
    @CeleryTask(name = "tasks.echo")
    public Map<String, Object> echo(@Args List<@Nullable Object> args, @Kwargs Map<String, @Nullable Object> kwargs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("args", new ArrayList<>(args));
        out.put("kwargs", new LinkedHashMap<>(kwargs));
        return out;
    }

    /** Always fails: Python sees ValueError(message). */
    @CeleryTask(name = "tasks.fail")
    public Object fail(@Nullable Object message) {
        throw new IllegalArgumentException(String.valueOf(message));
    }

    /** Sleeps, then returns how long it slept: an I/O-bound task, and a task that is still running. */
    @CeleryTask(name = "tasks.sleep")
    public Number sleep(Number seconds) throws InterruptedException {
        Thread.sleep(Duration.ofNanos((long) (seconds.doubleValue() * 1e9)));
        return seconds;
    }

    /** Retries itself (0.1 s apart) until it has been retried n times, then returns the retry count. */
    @CeleryTask(name = "tasks.retry_until", maxRetries = "None")
    public int retryUntil(TaskContext ctx, long n) {
        if (ctx.retries() < n) {
            throw ctx.retry(null, Duration.ofMillis(100));
        }
        return ctx.retries();
    }

    @CeleryTask(name = "tasks.noop")
    public void noop() {
    }

    /** An old-style errback: called with the id of the task that failed. */
    @CeleryTask(name = "tasks.record_error")
    public @Nullable Object recordError(@Arg("task_id") @Nullable Object taskId) {
        return taskId;
    }

    /** Retries until max_retries (2) runs out: MaxRetriesExceededError. */
    @CeleryTask(name = "tasks.always_retry", maxRetries = "2")
    public Object alwaysRetry(TaskContext ctx) {
        throw ctx.retry(null, Duration.ofMillis(100));
    }

    /** Fails with OSError until it has been retried n times; retried automatically with backoff. */
    @CeleryTask(name = "tasks.flaky", autoretryFor = IOException.class, retryBackoff = "1", retryJitter = "false",
            maxRetries = "5")
    public int flaky(TaskContext ctx, long n) throws IOException {
        if (ctx.retries() < n) {
            throw new IOException("flaky " + ctx.retries());
        }
        return ctx.retries();
    }

    /** Works until its soft time limit, then cleans up and returns. */
    @CeleryTask(name = "tasks.until_soft_limit")
    public String untilSoftLimit(TaskContext ctx) {
        try {
            while (true) {
                ctx.checkSoftTimeLimit();
                Thread.sleep(20);
            }
        } catch (SoftTimeLimitExceeded | InterruptedException e) {
            return "cleaned up";
        }
    }

    @CeleryTask(name = "tasks.rate_limited", rateLimit = "5/s")
    public void rateLimited() {
    }
}
