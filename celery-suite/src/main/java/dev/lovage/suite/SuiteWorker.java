package dev.lovage.suite;

import dev.lovage.cli.Main;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the worker Celery's integration suite expects (its embedded worker's shape): one worker, concurrency 1,
 * queue {@code celery}, without mingle, gossip or heartbeat, with the tasks of {@link SuiteTasks}. Broker and
 * backend come from {@code CELERY_BROKER_URL} and {@code CELERY_RESULT_BACKEND} (or {@code -b},
 * {@code --result-backend}); {@code result_extended} is on (set {@code CELERY_RESULT_EXTENDED=true}, as
 * {@code bin/celery-suite} does). Further arguments go to {@code lovage worker}.
 */
public final class SuiteWorker {
    private SuiteWorker() {
    }

    /** Runs {@code lovage worker} with the suite's settings; exits with its status. */
    public static void main(String[] args) {
        List<String> argv = new ArrayList<>(List.of("worker", "-A", SuiteTasks.class.getName(), "-c", "1", "-Q",
                "celery", "-n", "lovage@%h", "--without-mingle", "--without-gossip", "--without-heartbeat"));
        argv.addAll(List.of(args));
        Main.main(argv.toArray(String[]::new));
    }
}
