package dev.lovage.worker;

import org.jspecify.annotations.Nullable;

/**
 * The body of a {@link TaskDef}: gets the call's arguments already bound into the definition's record. Called on a
 * task thread; it may block. Throw to fail the task, or throw what {@link TaskContext#retry} returns.
 *
 * @param <A> the arguments record
 * @param <R> the result
 * @since 0.1
 */
@FunctionalInterface
public interface TaskFunction<A, R> {
    @Nullable R apply(TaskContext ctx, A args) throws Exception;
}
