package dev.lovage.cli;

import dev.lovage.cleanup.ChordCleanupSettings;
import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.cleanup.ChordCleanup;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.ConfigException;
import dev.lovage.worker.TaskApp;
import dev.lovage.worker.metrics.MicrometerWorkerListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lovage worker}: the flags of {@code celery worker} that apply to a Java worker. Settings come from, in
 * rising order of precedence, a properties file ({@code --config}), {@code CELERY_*} environment variables and the
 * flags.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Start a worker that serves Celery task messages with Java handlers.")
final class WorkerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);
    static final int EXIT_CONFIG = 2;
    static final int EXIT_BROKER = 3;

    @Option(names = {"-A", "--app"}, required = true, paramLabel = "CLASS",
            description = "Class implementing dev.lovage.worker.TaskApp that registers the tasks.")
    String app = "";

    @Option(names = {"-Q", "--queues"}, split = ",", paramLabel = "QUEUE",
            description = "Queues to consume, comma-separated (default: task_default_queue, 'celery').")
    List<String> queues = new ArrayList<>();

    @Option(names = {"-c", "--concurrency"}, description = "Tasks run at once (default: CPU count).")
    @Nullable Integer concurrency;

    @Option(names = {"-n", "--hostname"}, description = "Node name, e.g. 'java1@%%h' (default: celery@%%h).")
    @Nullable String hostname;

    @Option(names = "--prefetch-multiplier", description = "basic.qos = concurrency x this (default 4).")
    @Nullable Integer prefetchMultiplier;

    @Option(names = {"-P", "--pool"}, description = "virtual (default) or threads (platform threads, CPU-bound).")
    @Nullable String pool;

    @Option(names = {"-l", "--loglevel"}, description = "DEBUG, INFO, WARNING (default), ERROR, CRITICAL.")
    String loglevel = "WARNING";

    @Option(names = {"-E", "--task-events"}, description = "Send task events (worker_send_task_events).")
    boolean taskEvents;

    @Option(names = {"-b", "--broker"}, description = "Broker URL (broker_url).")
    @Nullable String broker;

    @Option(names = "--result-backend", description = "Result backend URL (result_backend).")
    @Nullable String resultBackend;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on /metrics and health on /health at this port (off by default).")
    @Nullable Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the metrics port listens on (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 "
                    + "for every interface, as a Prometheus server elsewhere needs).")
    String metricsBind = "127.0.0.1";

    @Option(names = "--without-mingle", description = "Do not sync revoked task ids with the other workers at start "
            + "(saves the second mingle waits for replies).")
    boolean withoutMingle;

    @Option(names = "--without-gossip", description = "Accepted as celery worker takes it; Lovage does not follow "
            + "other workers' events, so there is nothing to turn off.")
    boolean withoutGossip;

    @Option(names = "--without-heartbeat", description = "Do not send worker-heartbeat events (monitors such as Flower "
            + "then show the worker offline).")
    boolean withoutHeartbeat;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of Celery settings.")
    @Nullable Path configFile;

    @Override
    public Integer call() throws Exception {
        CeleryConfig config;
        try {
            LogLevels.apply(loglevel);
            config = loadConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        TaskApp tasks;
        try {
            tasks = AppLoader.load(app);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        boolean training = AotTraining.enabled();
        RedisResultBackend backend = config.resultBackend() == null ? null
                : training ? AotTraining.connectOnce(config) : BackendConnector.connect(config);
        try {
            CeleryWorkerBuilder builder = CeleryWorker.builder(config).app(tasks).resultBackend(backend)
                    .queues(queues).mingle(!withoutMingle).heartbeat(!withoutHeartbeat);
            if (hostname != null) {
                builder.hostname(hostname);
            }
            PrometheusMeterRegistry registry = null;
            if (metricsPort != null) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                MicrometerWorkerListener meters = new MicrometerWorkerListener(builder.registeredNames());
                meters.bindTo(registry);
                builder.listener(meters);
            }
            ChordCleanup cleanup = null;
            ChordCleanupSettings cleanupSettings = ChordCleanupSettings.from(config);
            if (backend != null && cleanupSettings.enabled()) {
                cleanup = new ChordCleanup(backend, backend.cleanupStore(), cleanupSettings);
                builder.listener(cleanup).receiveTaskEvents(true);
                if (registry != null) {
                    cleanup.bindTo(registry);
                }
            }
            CeleryWorker worker = builder.build();
            Banner.print(worker, config, backend);
            if (training) {
                return AotTraining.run(config);
            }
            try {
                worker.start();
            } catch (BrokerException e) {
                log.error("{}", e.getMessage());
                System.err.println("Error: " + e.getMessage());
                return EXIT_BROKER;
            }
            if (cleanup != null) {
                cleanup.start();
            }
            ShutdownSignals.install(worker);
            try (MetricsServer metrics = registry == null ? null
                    : new MetricsServer(metricsBind, metricsPort, registry, worker, backend)) {
                worker.awaitTermination();
            }
            if (cleanup != null) {
                cleanup.close();
            }
            return 0;
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }

    private CeleryConfig loadConfig() throws IOException {
        Properties file = new Properties();
        if (configFile != null) {
            if (!Files.isReadable(configFile)) {
                throw new ConfigException(List.of("--config " + configFile + ": file not found or not readable"));
            }
            try (InputStream in = Files.newInputStream(configFile)) {
                file.load(in);
            }
        }
        Map<String, String> flags = new LinkedHashMap<>();
        putIf(flags, "worker_concurrency", concurrency);
        putIf(flags, "worker_prefetch_multiplier", prefetchMultiplier);
        putIf(flags, "worker_pool", pool);
        putIf(flags, "broker_url", broker);
        putIf(flags, "result_backend", resultBackend);
        if (taskEvents) {
            flags.put("worker_send_task_events", "true");
        }
        return CeleryConfig.layered(file, System.getenv(), flags);
    }

    private static void putIf(Map<String, String> flags, String key, @Nullable Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
