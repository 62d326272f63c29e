package dev.lovage.cli;

import dev.lovage.worker.TaskApp;
import java.lang.reflect.InvocationTargetException;

/** Loads the {@code -A} class: the one place the CLI uses reflection, as Celery imports its {@code -A} module. */
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
        if (!TaskApp.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("-A " + className + ": does not implement " + TaskApp.class.getName());
        }
        try {
            return (TaskApp) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("-A " + className + ": needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("-A " + className + ": constructor failed: " + e.getCause());
        }
    }
}
