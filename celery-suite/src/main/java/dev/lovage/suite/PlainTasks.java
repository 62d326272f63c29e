package dev.lovage.suite;

import static dev.lovage.suite.SuiteTasks.T;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.SoftTimeLimitExceeded;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tasks of tasks.py that compute, sleep or fail, and need nothing from their request. */
final class PlainTasks {
    private static final Logger log = LoggerFactory.getLogger("t.integration.tasks");

    private PlainTasks() {
    }

    static void register(CeleryWorkerBuilder b) {
        b.task(T + "identity", (ctx, a) -> a.get(0, "x"));
        b.task(T + "add", PlainTasks::add);
        b.task(T + "mul", (ctx, a) -> Py.mul(a.get(0, "x"), a.get(1, "y")));
        b.task(T + "add_not_typed", (ctx, a) -> Py.add(a.get(0, "x"), a.get(1, "y")));
        b.task(T + "add_ignore_result", SuiteOptions.ignoreResult(true),
                (ctx, a) -> Py.add(a.get(0, "x"), a.get(1, "y")));
        b.task(T + "add_with_result", SuiteOptions.ignoreResult(false),
                (ctx, a) -> Py.add(a.get(0, "x"), a.get(1, "y")));
        b.task(T + "write_to_file_and_return_int", PlainTasks::writeToFile);
        b.task(T + "raise_error", (ctx, a) -> {
            throw new PythonException("builtins", "ValueError", "deliberate error");
        });
        b.task(T + "delayed_sum", (ctx, a) -> {
            sleep(optional(a, 1, "pause_time", 1));
            return Py.sum(a.get(0, "numbers"));
        });
        b.task(T + "delayed_sum_with_soft_guard", PlainTasks::delayedSumWithSoftGuard);
        b.task(T + "tsum", (ctx, a) -> Py.sum(a.get(0, "nums")));
        b.task(T + "xsum", PlainTasks::xsum);
        b.task(T + "print_unicode", (ctx, a) -> {
            log.warn("{}", optional(a, 0, "log_message", "håå®ƒ valmuefrø"));
            System.out.println(optional(a, 1, "print_message", "hiöäüß"));
            return null;
        });
        b.task(T + "return_exception", (ctx, a) -> Arrays.asList(a.get(0, "e"), true));
        b.task(T + "sleeping", (ctx, a) -> {
            sleep(a.get(0, "i"));
            return null;
        });
        b.task(T + "fail", (ctx, a) -> {
            List<@Nullable Object> args = new ArrayList<>();
            args.add("Task expected to fail");
            args.addAll(a.positional());
            throw new PythonException("t.integration.tasks", "ExpectedException", args, null);
        });
        b.task(T + "fail_unpickleable", (ctx, a) -> {
            throw new PythonException("t.integration.tasks", "UnpickleableException", a.get(0, "foo"));
        });
        b.task(T + "replaced_with_me", (ctx, a) -> true);
        b.task(T + "add_pydantic", PlainTasks::addPydantic);
        b.task(T + "add_pydantic_string_annotations", PlainTasks::addPydantic);
        b.task(T + "rebuild_signature", (ctx, a) -> {
            if (!(a.get(0, "sig_dict") instanceof Map<?, ?>)) {
                throw new PythonException("builtins", "TypeError", "not a signature");
            }
            return null;
        });
        b.task(T + "soft_time_limit_must_exceed_time_limit", (ctx, a) -> null);
        registerNestedSignatures(b);
    }

    private static @Nullable Object add(TaskContext ctx, TaskArgs a) {
        Object sum = Py.add(a.get(0, "x"), a.get(1, "y"));
        Object z = optional(a, 2, "z", null);
        return Py.truthy(z) ? Py.add(sum, z) : sum;
    }

    private static Object xsum(TaskContext ctx, TaskArgs a) {
        Object total = 0;
        for (Object num : Py.iterable(a.get(0, "nums"))) {
            total = Py.add(total, num instanceof List<?> || num instanceof Map<?, ?> ? Py.sum(num) : num);
        }
        return total;
    }

    // The soft limit reaches a sleeping task as an interrupt; a revoke with terminate does too, and is not guarded.
    private static @Nullable Object delayedSumWithSoftGuard(TaskContext ctx, TaskArgs a)
            throws InterruptedException {
        try {
            sleep(optional(a, 1, "pause_time", 1));
            return Py.sum(a.get(0, "numbers"));
        } catch (SoftTimeLimitExceeded e) {
            return 0;
        } catch (InterruptedException e) {
            if (ctx.isCancelled()) {
                throw e;
            }
            return 0;
        }
    }

    private static Object writeToFile(TaskContext ctx, TaskArgs a) throws IOException {
        Object i = a.get(1, "i");
        Files.writeString(Path.of(String.valueOf(a.get(0, "file_name"))), Py.str(i) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return i;
    }

    private static Map<String, Object> addPydantic(TaskContext ctx, TaskArgs a) {
        if (!(a.get(0, "data") instanceof Map<?, ?> data)) {
            throw new PythonException("pydantic_core._pydantic_core", "ValidationError", "data");
        }
        return Map.of("result", Py.add(data.get("x"), data.get("y")));
    }

    @SuppressWarnings("unchecked")
    private static void registerNestedSignatures(CeleryWorkerBuilder b) {
        Map<String, Object> canned;
        try (InputStream in = PlainTasks.class.getResourceAsStream("nested-signatures.json")) {
            canned = new ObjectMapper().readValue(in, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        canned.forEach((kind, sig) -> b.task(T + "return_nested_signature_" + kind, (ctx, a) -> sig));
    }

    static @Nullable Object optional(TaskArgs a, int i, String name, @Nullable Object fallback) {
        if (i < a.size()) {
            return a.positional().get(i);
        }
        return a.keyword().containsKey(name) ? a.keyword().get(name) : fallback;
    }

    /** {@code time.sleep(seconds)}: an interrupt (revoke, time limit) ends the task, as Celery's signal would. */
    static void sleep(@Nullable Object seconds) throws InterruptedException {
        Thread.sleep((long) (Py.seconds(seconds) * 1000));
    }
}
