package dev.lovage.worker.internal.typed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.TaskDef;
import dev.lovage.worker.TaskRegistrationException;
import dev.lovage.worker.internal.RegisteredTask;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns typed tasks into registered tasks: the {@link CeleryTask} methods of one object, or a {@link TaskDef}. This
 * is explicit registration of what the caller hands over, not class-path scanning: only the given object's class and
 * its superclasses are looked at (superclasses so that a subclass proxy, such as Spring's, still shows the methods
 * it overrides). Everything per task is resolved here, once: the signature, the converters and the invoker.
 */
public final class TypedTasks {
    private TypedTasks() {
    }

    /**
     * The annotated methods of {@code target}, each a task.
     *
     * @throws TaskRegistrationException when a method cannot be a task (not public, unnamed parameters, a bad
     *     option), or when the object has no annotated method
     */
    public static List<RegisteredTask> of(Object target) {
        ObjectMapper mapper = TypedMappers.arguments();
        List<RegisteredTask> tasks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                CeleryTask annotation = m.getAnnotation(CeleryTask.class);
                if (annotation == null || m.isBridge() || !seen.add(m.getName() + List.of(m.getParameterTypes()))) {
                    continue;
                }
                String where = c.getName() + "." + m.getName();
                if (!Modifier.isPublic(m.getModifiers())) {
                    throw new TaskRegistrationException(where + ": a @CeleryTask method must be public");
                }
                String name = annotation.name().isEmpty() ? where : annotation.name();
                PySignature signature = PySignature.of(m, mapper);
                @Nullable Object receiver = Modifier.isStatic(m.getModifiers()) ? null : target;
                MethodHandle handle = unreflect(m);
                Invoker invoker = Invokers.of(m, receiver, handle);
                tasks.add(new RegisteredTask(name, AnnotatedOptions.of(annotation, where), TypedHandler.forMethod(
                        signature, invoker, receiver == null ? handle : handle.bindTo(receiver), m.getReturnType())));
            }
        }
        if (tasks.isEmpty()) {
            throw new TaskRegistrationException(target.getClass().getName() + " has no public @CeleryTask method");
        }
        return tasks;
    }

    /** A {@link TaskDef} as a registered task; its function name in TypeErrors is the task name's last part. */
    public static <A extends Record, R> RegisteredTask of(TaskDef<A, R> def) {
        Class<A> record = def.argsType();
        if (!record.isRecord()) {
            throw new TaskRegistrationException(def.name() + ": the arguments type must be a record");
        }
        String function = def.name().substring(def.name().lastIndexOf('.') + 1);
        PySignature signature = PySignature.of(record, function, TypedMappers.arguments());
        Class<?>[] types = List.of(record.getRecordComponents()).stream().map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Invoker invoker;
        try {
            Constructor<A> canonical = record.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            invoker = Invokers.of(canonical, null, MethodHandles.lookup().unreflectConstructor(canonical));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new TaskRegistrationException(def.name() + ": cannot call the constructor of " + record.getName()
                    + ": " + e);
        }
        return new RegisteredTask(def.name(), def.options(), TypedHandler.forDefinition(signature, invoker,
                (ctx, built) -> def.function().apply(ctx, record.cast(built)), def.resultType()));
    }

    private static MethodHandle unreflect(Method m) {
        try {
            return MethodHandles.publicLookup().unreflect(m).asFixedArity();
        } catch (IllegalAccessException e) {
            try {
                // A public method of a class that is not public itself (a nested or package-private class).
                m.setAccessible(true);
                return MethodHandles.lookup().unreflect(m).asFixedArity();
            } catch (IllegalAccessException | RuntimeException again) {
                throw new TaskRegistrationException(m.getDeclaringClass().getName() + "." + m.getName()
                        + ": cannot be called from the worker: " + again);
            }
        }
    }
}
