package dev.lovage.worker.internal.typed;

import dev.lovage.worker.TaskHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds, once per task at registration, the {@link DirectCall} of a typed task method: the usual all-positional
 * call ({@code add.delay(2, 3)}) as one method-handle chain (take each argument from the list, convert it, call the
 * method, box and plain the result), made a constant of a hidden class of its own so that it costs what the lambda
 * form costs.
 */
final class DirectCalls {
    private static final MethodHandle LIST_GET;
    private static final MethodHandle TO_PLAIN;
    private static final byte @Nullable [] TEMPLATE = template();

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LIST_GET = lookup.findVirtual(List.class, "get", MethodType.methodType(Object.class, int.class));
            TO_PLAIN = lookup.findStatic(ResultValues.class, "toPlain",
                    MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DirectCalls() {
    }

    /**
     * The direct handler of a task method, or {@code general} itself when the task does not qualify (keyword-only
     * parameters, *args, **kwargs or a TaskContext parameter) or the hidden class cannot be defined.
     *
     * @param method the method as a fixed-arity handle, bound to its object unless static
     */
    static TaskHandler of(TypedHandler general, PySignature sig, MethodHandle method, boolean plainResult) {
        int n = sig.positional.length;
        if (!sig.simple || sig.contextSlots.length > 0 || n != method.type().parameterCount() || TEMPLATE == null) {
            return general;
        }
        MethodHandle call = method;
        MethodHandle[] convert = new MethodHandle[n];
        MethodHandle[] get = new MethodHandle[n];
        for (int i = 0; i < n; i++) {
            convert[i] = Converters.handle(method.type().parameterType(i), sig.positional[i].converter());
            get[i] = MethodHandles.insertArguments(LIST_GET, 1, i);
        }
        call = MethodHandles.filterArguments(call, 0, convert);
        call = call.asType(call.type().changeReturnType(Object.class));
        if (!plainResult) {
            call = MethodHandles.filterReturnValue(call, TO_PLAIN);
        }
        call = MethodHandles.filterArguments(call, 0, get);
        call = MethodHandles.permuteArguments(call, MethodType.methodType(Object.class, List.class), new int[n]);
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(TEMPLATE, List.of(call, general, n), true);
            return (TaskHandler) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            // Not fatal: the general handler takes every call, only a little slower.
            return general;
        }
    }

    private static byte @Nullable [] template() {
        try (InputStream in = DirectCalls.class.getResourceAsStream("DirectCall.class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
