package dev.lovage.suite;

import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.TaskApp;

/**
 * Every task of Celery 5.7.0's {@code t/integration/tasks.py} that a worker without a Python interpreter can run,
 * under the same names ({@code t.integration.tasks.<name>}, {@code auto_retry_class_task}). Load it with
 * {@code lovage worker -A dev.lovage.suite.SuiteTasks}.
 */
public final class SuiteTasks implements TaskApp {
    /** Prefix of every task name of the suite's tasks module. */
    static final String T = "t.integration.tasks.";

    @Override
    public void register(CeleryWorkerBuilder builder) {
        SuiteRedis redis = new SuiteRedis(System.getenv());
        PlainTasks.register(builder);
        RequestTasks.register(builder);
        RetryTasks.register(builder);
        RedisTasks.register(builder, redis);
        CanvasTasks.register(builder, redis);
        builder.task("celery.ping", (ctx, args) -> "pong");
    }
}
