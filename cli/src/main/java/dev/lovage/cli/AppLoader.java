package dev.lovage.cli;

import dev.lovage.worker.TaskApp;
import java.lang.reflect.InvocationTargetException;

/**
 * Loads the {@code -A} class: the one place the CLI uses reflection, as Celery imports its {@code -A} module. The class
 * is a {@link TaskApp}, or holds {@code @CeleryTask} methods (registered with {@code builder.tasks(instance)}).
 */
final class AppLoader {
    private AppLoader() {
    }

    static TaskApp load(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("-A " + className + ": no such class on the classpath");
        }
        try {
            Object app = type.getDeclaredConstructor().newInstance();
            // A class of @CeleryTask methods needs no TaskApp: its methods are its tasks.
            return app instanceof TaskApp t ? t : builder -> builder.tasks(app);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("-A " + className + ": needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("-A " + className + ": constructor failed: " + e.getCause());
        }
    }
}
