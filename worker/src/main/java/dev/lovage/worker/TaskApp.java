package dev.lovage.worker;

/**
 * A class that registers tasks, named by {@code lovage worker -A <class>} (Celery's {@code -A app}). It needs a
 * public no-argument constructor.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TaskApp {
    void register(CeleryWorkerBuilder builder);
}
