package dev.lovage.worker.internal.typed;

import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The template of a typed task's direct call, never loaded as itself: {@link DirectCalls} defines its bytes once
 * per task as a hidden class whose class data is that task's call. The call is then a constant of the class (a
 * static final method handle), so the JIT compiles list access, conversion, the method and the boxing of its result
 * into this class's {@code handle} as it would code written by hand for that one method.
 *
 * <p>The class data: {@code [call (List)Object, general handler, arity]}. A call with another count of positional
 * arguments, with keywords, or with a value that does not convert goes to the general handler, which binds it as
 * CPython does and words the TypeError.
 */
final class DirectCall implements TaskHandler {
    private static final @Nullable MethodHandle CALL;
    private static final @Nullable TaskHandler GENERAL;
    private static final int ARITY;

    static {
        try {
            MethodHandles.Lookup self = MethodHandles.lookup();
            CALL = MethodHandles.classDataAt(self, "_", MethodHandle.class, 0);
            GENERAL = MethodHandles.classDataAt(self, "_", TaskHandler.class, 1);
            Integer arity = MethodHandles.classDataAt(self, "_", Integer.class, 2);
            ARITY = arity == null ? -1 : arity;
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    @SuppressWarnings("NullAway") // set from the class data of every class defined from this template
    public @Nullable Object handle(TaskContext ctx, TaskArgs args) throws Exception {
        List<@Nullable Object> positional = args.positional();
        if (positional.size() != ARITY || !args.keyword().isEmpty()) {
            return GENERAL.handle(ctx, args);
        }
        try {
            return (Object) CALL.invokeExact(positional);
        } catch (BadValue e) {
            return GENERAL.handle(ctx, args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
