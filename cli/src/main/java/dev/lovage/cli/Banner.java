package dev.lovage.cli;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.UrlMasker;
import java.io.PrintStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The start-up summary, shaped like {@code celery worker}'s banner. */
final class Banner {
    private Banner() {
    }

    static void print(CeleryWorker worker, CeleryConfig config, @Nullable RedisResultBackend backend) {
        PrintStream out = System.out;
        out.println();
        out.println(" -------------- " + worker.hostname() + " (lovage, Java " + Runtime.version().feature() + ")");
        out.println("--- ***** ----- ");
        out.println("- ** ---------- [config]");
        out.println("- ** ---------- .> transport:   " + UrlMasker.mask(config.brokerUrl()));
        out.println("- ** ---------- .> results:     " + (backend == null ? "disabled" : backend.describe()));
        out.println("- *** --- * --- .> concurrency: " + config.workerConcurrency() + " ("
                + config.workerPool().name().toLowerCase(Locale.ROOT) + ")");
        out.println("-- ******* ---- .> task events: " + (config.workerSendTaskEvents() ? "ON" : "OFF"));
        out.println("--- ***** ----- ");
        out.println(" -------------- [queues]");
        for (String q : worker.queues()) {
            out.println("                .> " + q + "          exchange=" + q + "(direct) key=" + q);
        }
        out.println();
        out.println("[tasks]");
        // Like celery worker, the built-in celery.* tasks are left out of the list.
        for (String name : worker.registeredTasks()) {
            if (!name.startsWith("celery.")) {
                out.println("  . " + name);
            }
        }
        out.println();
        out.flush();
    }
}
