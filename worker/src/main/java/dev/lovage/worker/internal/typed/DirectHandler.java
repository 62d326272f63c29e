package dev.lovage.worker.internal.typed;

import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskHandler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The usual call of a small typed task, every argument by position ({@code add.delay(2, 3)}), made with as little as
 * the lambda form does: convert each value, call the spun invoker, nothing else. Any other call (keywords, a
 * different count, a value that does not convert) goes to the general {@link TypedHandler}, which binds it as
 * CPython does and words the TypeError.
 */
abstract class DirectHandler implements TaskHandler {
    private final TypedHandler general;
    private final int arity;
    private final boolean plainResult;

    private DirectHandler(TypedHandler general, int arity, boolean plainResult) {
        this.general = general;
        this.arity = arity;
        this.plainResult = plainResult;
    }

    /** A direct handler for {@code invoker}, or {@code general} itself when the task does not qualify. */
    static TaskHandler of(TypedHandler general, PySignature sig, Invoker invoker, boolean plainResult) {
        if (!sig.simple || sig.contextSlots.length > 0) {
            return general;
        }
        ValueConverter[] c = new ValueConverter[sig.positional.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = sig.positional[i].converter();
        }
        return switch (invoker) {
            case Invoker.Call1 call -> new DirectHandler(general, 1, plainResult) {
                @Override
                @Nullable Object call(List<@Nullable Object> a) throws Exception {
                    return call.call(c[0].convert(a.get(0)));
                }
            };
            case Invoker.Call2 call -> new DirectHandler(general, 2, plainResult) {
                @Override
                @Nullable Object call(List<@Nullable Object> a) throws Exception {
                    return call.call(c[0].convert(a.get(0)), c[1].convert(a.get(1)));
                }
            };
            case Invoker.Call3 call -> new DirectHandler(general, 3, plainResult) {
                @Override
                @Nullable Object call(List<@Nullable Object> a) throws Exception {
                    return call.call(c[0].convert(a.get(0)), c[1].convert(a.get(1)), c[2].convert(a.get(2)));
                }
            };
            case Invoker.Call4 call -> new DirectHandler(general, 4, plainResult) {
                @Override
                @Nullable Object call(List<@Nullable Object> a) throws Exception {
                    return call.call(c[0].convert(a.get(0)), c[1].convert(a.get(1)), c[2].convert(a.get(2)),
                            c[3].convert(a.get(3)));
                }
            };
            default -> general;
        };
    }

    abstract @Nullable Object call(List<@Nullable Object> positional) throws Exception;

    @Override
    public final @Nullable Object handle(TaskContext ctx, TaskArgs args) throws Exception {
        List<@Nullable Object> positional = args.positional();
        if (positional.size() == arity && args.keyword().isEmpty()) {
            Object result;
            try {
                result = call(positional);
            } catch (BadValue e) {
                return general.handle(ctx, args);
            }
            return plainResult ? result : ResultValues.toPlain(result);
        }
        return general.handle(ctx, args);
    }
}
