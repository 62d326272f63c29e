package dev.lovage.cli;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.cleanup.ChordCleanupStore;
import dev.lovage.worker.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lovage cleanup dead-letters [--replay]}: chord cleanups that failed too often. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, subcommands = {CleanupCommand.DeadLetters.class},
        description = "Chord cleanup records.")
final class CleanupCommand {

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "List chord cleanups that failed too often; --replay puts them back to be retried.")
    static final class DeadLetters implements Callable<Integer> {
        @Option(names = "--replay", description = "Retry every dead letter.")
        boolean replay;

        @Override
        public Integer call() {
            CeleryConfig config;
            try {
                config = CeleryConfig.fromEnv();
            } catch (ConfigException e) {
                System.err.println("Error: " + e.getMessage());
                return WorkerCommand.EXIT_CONFIG;
            }
            if (config.resultBackend() == null) {
                System.err.println("Error: result_backend is not set (CELERY_RESULT_BACKEND)");
                return WorkerCommand.EXIT_CONFIG;
            }
            try (RedisResultBackend backend = RedisResultBackend.connect(config)) {
                for (ChordCleanupStore.DeadLetter d : backend.cleanupStore().deadLetters()) {
                    System.out.println(d.at() + "  chord " + d.groupId() + "  callback " + d.callbackId() + "  "
                            + d.reason());
                }
                if (replay) {
                    System.out.println("replayed " + backend.cleanupStore().replayDeadLetters() + " chord cleanups");
                }
            }
            return 0;
        }
    }
}
