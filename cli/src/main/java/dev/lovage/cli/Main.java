package dev.lovage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/lovage}.
 *
 * @since 0.1
 */
@Command(name = "lovage", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {WorkerCommand.class, CleanupCommand.class, HealthCommand.class},
        description = "A Java worker that speaks Celery's wire protocol.")
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lovage " + (v == null ? "dev" : v)};
        }
    }
}
