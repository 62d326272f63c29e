package dev.lovage.examples;

import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.TaskApp;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The example tasks of the demo and the interop tests, named and behaving like the Python app in
 * {@code docker/python-celery/tasks.py}: {@code bin/lovage worker -A dev.lovage.examples.ExampleTasks}.
 *
 * @since 0.1
 */
public final class ExampleTasks implements TaskApp {

    @Override
    public void register(CeleryWorker.Builder worker) {
        worker.task("tasks.add", (ctx, args) -> PythonMath.add(args.get(0, "x"), args.get(1, "y")))
                .task("tasks.mul", (ctx, args) -> PythonMath.mul(args.get(0, "x"), args.get(1, "y")))
                .task("tasks.xsum", (ctx, args) -> xsum(args))
                .task("tasks.echo", (ctx, args) -> echo(args))
                .task("tasks.fail", (ctx, args) -> {
                    // Python sees ValueError(message).
                    throw new IllegalArgumentException(String.valueOf(args.get(0, "message")));
                })
                .task("tasks.sleep", (ctx, args) -> sleep(args))
                .task("tasks.retry_until", TaskOptions.builder().maxRetries(null).build(), (ctx, args) -> {
                    long n = args.longAt(0);
                    if (ctx.retries() < n) {
                        throw ctx.retry(null, Duration.ofMillis(100));
                    }
                    return ctx.retries();
                })
                .task("tasks.noop", (ctx, args) -> null)
                // An old-style errback: called with the id of the task that failed.
                .task("tasks.record_error", (ctx, args) -> args.get(0, "task_id"))
                // Retries until max_retries (2) runs out: MaxRetriesExceededError.
                .task("tasks.always_retry", TaskOptions.builder().maxRetries(2).build(), (ctx, args) -> {
                    throw ctx.retry(null, Duration.ofMillis(100));
                })
                // Fails with OSError until it has been retried n times; retried automatically with backoff.
                .task("tasks.flaky", TaskOptions.builder().autoretryFor(IOException.class)
                        .retryBackoff(Duration.ofSeconds(1)).retryJitter(false).maxRetries(5).build(), (ctx, args) -> {
                    if (ctx.retries() < args.longAt(0)) {
                        throw new IOException("flaky " + ctx.retries());
                    }
                    return ctx.retries();
                })
                // Works until its soft time limit, then cleans up and returns.
                .task("tasks.until_soft_limit", (ctx, args) -> {
                    try {
                        while (true) {
                            ctx.checkSoftTimeLimit();
                            Thread.sleep(20);
                        }
                    } catch (SoftTimeLimitExceeded | InterruptedException e) {
                        return "cleaned up";
                    }
                })
                .task("tasks.rate_limited", TaskOptions.builder().rateLimit("5/s").build(), (ctx, args) -> null);
    }

    private static Object xsum(TaskArgs args) {
        Object values = args.get(0, "values");
        if (!(values instanceof List<?> list)) {
            throw new PythonException("builtins", "TypeError", "xsum() expects a list of numbers");
        }
        Object total = 0;
        for (Object v : list) {
            total = PythonMath.add(total, v);
        }
        return total;
    }

    private static Map<String, Object> echo(TaskArgs args) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("args", new ArrayList<>(args.positional()));
        out.put("kwargs", new LinkedHashMap<>(args.keyword()));
        return out;
    }

    private static @Nullable Object sleep(TaskArgs args) throws InterruptedException {
        Object seconds = args.get(0, "seconds");
        if (!(seconds instanceof Number n)) {
            throw new PythonException("builtins", "TypeError", "sleep() expects a number of seconds");
        }
        Thread.sleep(Duration.ofNanos((long) (n.doubleValue() * 1e9)));
        return seconds;
    }

    /** Python's + and * on the JSON types: ints stay exact, floats mix in, strings and lists concatenate. */
    static final class PythonMath {
        private PythonMath() {
        }

        static Object add(@Nullable Object x, @Nullable Object y) {
            if (isInt(x) && isInt(y)) {
                return normalise(big(x).add(big(y)));
            }
            if (x instanceof Number a && y instanceof Number b) {
                return a.doubleValue() + b.doubleValue();
            }
            if (x instanceof String a && y instanceof String b) {
                return a + b;
            }
            if (x instanceof List<?> a && y instanceof List<?> b) {
                List<Object> out = new ArrayList<>(a);
                out.addAll(b);
                return out;
            }
            throw unsupported("+", x, y);
        }

        static Object mul(@Nullable Object x, @Nullable Object y) {
            if (isInt(x) && isInt(y)) {
                return normalise(big(x).multiply(big(y)));
            }
            if (x instanceof Number a && y instanceof Number b) {
                return a.doubleValue() * b.doubleValue();
            }
            if (x instanceof String s && isInt(y)) {
                return s.repeat(Math.max(0, big(y).intValueExact()));
            }
            throw unsupported("*", x, y);
        }

        private static boolean isInt(@Nullable Object v) {
            return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
        }

        private static BigInteger big(@Nullable Object v) {
            return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
        }

        private static Object normalise(BigInteger v) {
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        }

        private static PythonException unsupported(String op, @Nullable Object x, @Nullable Object y) {
            return new PythonException("builtins", "TypeError", "unsupported operand type(s) for " + op + ": '"
                    + pyType(x) + "' and '" + pyType(y) + "'");
        }

        private static String pyType(@Nullable Object v) {
            if (v == null) {
                return "NoneType";
            }
            if (isInt(v)) {
                return "int";
            }
            if (v instanceof Number) {
                return "float";
            }
            if (v instanceof String) {
                return "str";
            }
            if (v instanceof List) {
                return "list";
            }
            return v instanceof Map ? "dict" : v.getClass().getSimpleName();
        }
    }
}
