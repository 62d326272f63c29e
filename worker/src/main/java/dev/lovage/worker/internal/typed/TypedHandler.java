package dev.lovage.worker.internal.typed;

import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskHandler;
import java.lang.invoke.MethodHandle;
import org.jspecify.annotations.Nullable;

/**
 * Runs a typed task: binds the call (CPython's rules), invokes the method through the invoker built at
 * registration, and turns the result into plain values. No reflection per call. {@link DirectCall} takes the
 * usual all-positional call of small tasks without the general binder.
 */
final class TypedHandler implements TaskHandler {
    private final ArgumentBinder binder;
    /** The method (on its object) or the record's constructor. */
    private final Invoker invoker;
    private final @Nullable Finisher finisher;
    private final boolean plainResult;

    /** What a TaskDef does with the record the invoker built. */
    @FunctionalInterface
    interface Finisher {
        @Nullable Object finish(TaskContext ctx, Object built) throws Exception;
    }

    private TypedHandler(PySignature signature, Invoker invoker, @Nullable Finisher finisher, boolean plainResult) {
        this.binder = new ArgumentBinder(signature);
        this.invoker = invoker;
        this.finisher = finisher;
        this.plainResult = plainResult;
    }

    /** The handler of a task method: direct when it qualifies. */
    static TaskHandler forMethod(PySignature signature, Invoker invoker, MethodHandle method, Class<?> resultType) {
        boolean plain = isPlain(resultType);
        return DirectCalls.of(new TypedHandler(signature, invoker, null, plain), signature, method, plain);
    }

    /** The handler of a TaskDef: binds into its record, then calls its function. */
    static TaskHandler forDefinition(PySignature signature, Invoker constructor, Finisher function,
            Class<?> resultType) {
        return new TypedHandler(signature, constructor, function, isPlain(resultType));
    }

    // Results that need no ResultValues.toPlain: primitives (but char), their boxes, strings, void.
    private static boolean isPlain(Class<?> type) {
        return type.isPrimitive() && type != char.class || type == String.class || type == Long.class
                || type == Integer.class || type == Double.class || type == Boolean.class;
    }

    @Override
    public @Nullable Object handle(TaskContext ctx, TaskArgs args) throws Exception {
        Object result;
        try {
            result = invoker.invoke(binder.bind(ctx, args.positional(), args.keyword()));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (finisher != null) {
            result = finisher.finish(ctx, result);
        }
        return plainResult ? result : ResultValues.toPlain(result);
    }
}
