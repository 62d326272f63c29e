package dev.lovage.worker;

import java.util.Objects;

/**
 * A typed task as a value, for code that prefers no annotations: the name, a record whose components are the
 * task's parameters in Python's order, the result type and the body. Register it with
 * {@link CeleryWorkerBuilder#task(TaskDef)}.
 *
 * <pre>{@code
 * record AddArgs(long x, long y) {}
 * static final TaskDef<AddArgs, Long> ADD =
 *         TaskDef.of("tasks.add", AddArgs.class, Long.class, (ctx, a) -> a.x() + a.y());
 * }</pre>
 *
 * <p>The record's components bind as a {@link CeleryTask} method's parameters do (their names need no compiler
 * flag; {@link Arg}, {@link Args} and {@link Kwargs} apply to components); a wrong call is Python's
 * {@code TypeError}, with the function named after the last dotted part of the task name ({@code add()}).
 * Immutable and thread-safe; one value can be registered with many workers.
 *
 * @param <A> the arguments record
 * @param <R> the result type
 * @since 0.1
 */
public record TaskDef<A extends Record, R>(String name, Class<A> argsType, Class<R> resultType, TaskOptions options,
        TaskFunction<A, R> function) {

    public TaskDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argsType, "argsType");
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(function, "function");
    }

    /** A definition with default options. */
    public static <A extends Record, R> TaskDef<A, R> of(String name, Class<A> argsType, Class<R> resultType,
            TaskFunction<A, R> function) {
        return new TaskDef<>(name, argsType, resultType, TaskOptions.DEFAULTS, function);
    }

    /** A copy with these options. */
    public TaskDef<A, R> withOptions(TaskOptions options) {
        return new TaskDef<>(name, argsType, resultType, options, function);
    }
}
