package dev.lovage.worker.internal.typed;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link Invoker} of a task method or record constructor, once. Up to four parameters and a non-void
 * result, it is a class spun by {@link LambdaMetafactory} (as javac does for a method reference), which casts and
 * unboxes the arguments and calls the method directly; otherwise, or when the target's class does not allow it (a
 * named module that is not open), the method handle spread over the argument array.
 */
final class Invokers {
    private static final List<Class<?>> CALLS = List.of(Invoker.Call0.class, Invoker.Call1.class,
            Invoker.Call2.class, Invoker.Call3.class, Invoker.Call4.class);
    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

    private Invokers() {
    }

    /**
     * @param target the object whose method it is, or null for a static method or a constructor
     * @param handle the method or constructor as a method handle (fixed arity)
     */
    static Invoker of(Executable executable, @Nullable Object target, MethodHandle handle) {
        Invoker direct = direct(executable, target);
        if (direct != null) {
            return direct;
        }
        MethodHandle bound = target == null ? handle : handle.bindTo(target);
        MethodHandle spread = bound.asSpreader(Object[].class, executable.getParameterCount()).asType(SPREAD);
        return a -> (Object) spread.invokeExact(a);
    }

    private static @Nullable Invoker direct(Executable executable, @Nullable Object target) {
        int n = executable.getParameterCount();
        Class<?> result = executable instanceof Method m ? m.getReturnType() : executable.getDeclaringClass();
        if (n >= CALLS.size() || result == void.class) {
            return null;
        }
        try {
            Class<?> owner = executable.getDeclaringClass();
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            MethodHandle impl = executable instanceof Method m ? lookup.unreflect(m)
                    : lookup.unreflectConstructor((Constructor<?>) executable);
            Class<?> call = CALLS.get(n);
            boolean captures = executable instanceof Method m && !Modifier.isStatic(m.getModifiers());
            MethodType factory = captures ? MethodType.methodType(call, owner) : MethodType.methodType(call);
            Class<?>[] boxed = executable.getParameterTypes();
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = boxed[i].isPrimitive() ? MethodType.methodType(boxed[i]).wrap().returnType() : boxed[i];
            }
            MethodType instantiated = MethodType.methodType(Object.class, boxed);
            MethodHandle make = LambdaMetafactory.metafactory(lookup, "call", factory, MethodType.genericMethodType(n),
                    impl, instantiated).getTarget();
            return (Invoker) (captures ? make.invoke(target) : make.invoke());
        } catch (Throwable e) {
            // Not fatal: the method handle path below works wherever the handle could be made.
            return null;
        }
    }
}
