package dev.lovage.worker.internal.typed;

import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskHandler;
import java.lang.invoke.MethodHandle;
import org.jspecify.annotations.Nullable;

/**
 * Runs a typed task: binds the call (CPython's rules), invokes the method handle resolved at registration, and turns
 * the result into plain values. The only reflection-like step per call is one {@code invokeExact}.
 */
final class TypedHandler implements TaskHandler {
    private final ArgumentBinder binder;
    /** (Object[]) -> Object: the method (bound to its object) or the record's constructor, spread. */
    private final MethodHandle invoker;
    private final @Nullable Finisher finisher;

    /** What a TaskDef does with the record the invoker built. */
    @FunctionalInterface
    interface Finisher {
        @Nullable Object finish(TaskContext ctx, Object built) throws Exception;
    }

    TypedHandler(PySignature signature, MethodHandle invoker, @Nullable Finisher finisher) {
        this.binder = new ArgumentBinder(signature);
        this.invoker = invoker;
        this.finisher = finisher;
    }

    @Override
    public @Nullable Object handle(TaskContext ctx, TaskArgs args) throws Exception {
        @Nullable Object[] java = binder.bind(ctx, args.positional(), args.keyword());
        Object result;
        try {
            result = (Object) invoker.invokeExact(java);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (finisher != null) {
            result = finisher.finish(ctx, result);
        }
        return ResultValues.toPlain(result);
    }
}
