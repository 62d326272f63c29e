package dev.lovage.suite;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static dev.lovage.suite.SuiteTasks.T;

import dev.lovage.protocol.Signature;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The tasks of tasks.py that build canvases themselves: replace, add_to_chord, a canvas applied in a task. */
final class CanvasTasks {
    private CanvasTasks() {
    }

    static void register(CeleryWorkerBuilder b, SuiteRedis redis) {
        b.task(T + "add_replaced", (ctx, a) -> {
            throw ctx.replace(s("add", a.get(0, "x"), a.get(1, "y")));
        });
        b.task(T + "add_replaced_with_chain", (ctx, a) -> {
            throw ctx.replace(chain(s("add", a.get(0, "x"), a.get(1, "y")), s("identity")));
        });
        b.task(T + "replace_with_chain", (ctx, a) -> {
            Signature c = chain(s("identity", a.positional().toArray()), s("identity"));
            throw ctx.replace(c.link(linkSig(a)));
        });
        b.task(T + "replace_with_chain_which_raises", (ctx, a) -> {
            Signature c = chain(s("identity", a.positional().toArray()), s("raise_error"));
            throw ctx.replace(c.linkError(linkSig(a)));
        });
        b.task(T + "replace_with_empty_chain", (ctx, a) -> {
            try {
                throw ctx.replace(chain(List.of()));
            } catch (IllegalArgumentException e) {
                throw new PythonException("celery.exceptions", "ImproperlyConfigured",
                        "Cannot replace with an empty chain");
            }
        });
        b.task(T + "replace_with_chain_which_contains_a_group", (ctx, a) -> {
            throw ctx.replace(chain(s("add", 1, 2), group(s("add", 1), s("add", 1))));
        });
        b.task(T + "add_to_all", (ctx, a) -> {
            throw ctx.replace(group(each(a, "add")));
        });
        b.task(T + "add_to_all_to_chord", (ctx, a) -> {
            for (Signature sig : each(a, "add")) {
                ctx.addToChord(sig);
            }
            return 0;
        });
        b.task(T + "add_chord_to_chord", (ctx, a) -> {
            ctx.addToChord(chord(group(each(a, "add")), s("tsum")));
            return 0;
        });
        b.task(T + "fail_replaced", (ctx, a) -> {
            throw ctx.replace(s("fail", a.positional().toArray()).withImmutable(true));
        });
        b.task(T + "record_replaced_task_nesting", CanvasTasks::recordNesting);
        b.task(T + "second_order_replace1", (ctx, a) -> {
            if (!Py.truthy(PlainTasks.optional(a, 0, "state", false))) {
                redis.rpush("redis-echo", "In A");
                throw ctx.replace(chain(s("second_order_replace2"),
                        s("second_order_replace1").withKwarg("state", true).withImmutable(true)));
            }
            redis.rpush("redis-echo", "Out A");
            return null;
        });
        b.task(T + "second_order_replace2", (ctx, a) -> {
            if (!Py.truthy(PlainTasks.optional(a, 0, "state", false))) {
                redis.rpush("redis-echo", "In B");
                throw ctx.replace(chain(s("redis_echo", "In/Out C"),
                        s("second_order_replace2").withKwarg("state", true).withImmutable(true)));
            }
            redis.rpush("redis-echo", "Out B");
            return null;
        });
        b.task(T + "chain_add", (ctx, a) -> {
            Object x = a.get(0, "x");
            ctx.apply(chain(s("add", x, x), s("add", a.get(1, "y"))));
            return null;
        });
        b.task(T + "chord_add", (ctx, a) -> {
            Object x = a.get(0, "x");
            ctx.apply(chord(List.of(s("add", x, x)), s("add", a.get(1, "y"))));
            return null;
        });
        b.task(T + "build_chain_inside_task", (ctx, a) -> ctx.apply(chain(s("add", 1, 1), s("add", 2),
                group(s("add", 3), s("add", 4)), s("add", 5))).asTuple());
    }

    private static @Nullable Object recordNesting(TaskContext ctx, TaskArgs a) {
        Object replacements = a.get(0, "replacements");
        Object given = PlainTasks.optional(a, 1, "nesting", null);
        List<@Nullable Object> nesting = given instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        Object level = ctx.headers().get("replaced_task_nesting");
        nesting.add(level == null ? 0 : level);
        if (Py.truthy(replacements)) {
            throw ctx.replace(s("record_replaced_task_nesting", Py.add(replacements, -1), nesting));
        }
        return nesting;
    }

    // redis_echo.s(), or redis_echo.si(link_msg) when the task was given link_msg
    private static Signature linkSig(TaskArgs a) {
        Object message = a.keyword().get("link_msg");
        return message == null ? s("redis_echo") : s("redis_echo", message).withImmutable(true);
    }

    private static List<Signature> each(TaskArgs a, String task) {
        List<Signature> out = new ArrayList<>();
        Object val = a.get(1, "val");
        for (Object num : Py.iterable(a.get(0, "nums"))) {
            out.add(s(task, num, val));
        }
        return out;
    }

    static Signature s(String name, @Nullable Object... args) {
        return Signature.of(T + name, args);
    }
}
