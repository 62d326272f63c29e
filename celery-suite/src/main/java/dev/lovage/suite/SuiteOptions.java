package dev.lovage.suite;

import dev.lovage.worker.TaskOptions;

/** Task attributes of tasks.py's decorators, as {@link TaskOptions}. */
final class SuiteOptions {
    private SuiteOptions() {
    }

    static TaskOptions ignoreResult(boolean ignore) {
        return TaskOptions.builder().ignoreResult(ignore).build();
    }
}
