package dev.lovage.worker;

import dev.lovage.worker.internal.ConfigLoader;
import dev.lovage.worker.internal.SettingsExtensions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Worker settings under Celery's names. Immutable and thread-safe. Build it with {@link #builder()}, or read it with
 * {@link #from(Function)} / {@link #fromEnv()} / {@link #fromProperties(Properties)}, where each key is the Celery
 * setting name ({@code worker_prefetch_multiplier}) or its environment form ({@code CELERY_WORKER_PREFETCH_MULTIPLIER}).
 * Every setting is listed, with its default, in the README's settings table.
 *
 * @param brokerTransportOptions {@code broker_transport_options}, each value as text (JSON for numbers, booleans and
 *                               lists): read by the broker transport, e.g. the Redis broker's kombu options
 * @param resultExpires null means results never expire (Celery's {@code result_expires=None})
 * @param extensionSettings the settings other modules own ({@link SettingsExtension}) that were given, as text
 * @since 0.1
 */
public record CeleryConfig(
        String brokerUrl,
        Map<String, String> brokerTransportOptions,
        @Nullable String resultBackend,
        Map<String, String> resultBackendTransportOptions,
        int workerConcurrency,
        int workerPrefetchMultiplier,
        WorkerPool workerPool,
        boolean taskAcksLate, boolean taskAcksOnFailureOrTimeout,
        boolean taskRejectOnWorkerLost,
        String taskDefaultQueue,
        String taskDefaultQueueType,
        String taskDefaultExchangeType,
        @Nullable Integer taskQueueMaxPriority,
        String brokerNativeDelayedDeliveryQueueType,
        @Nullable Integer workerEtaTaskLimit,
        Map<String, String> taskRoutes,
        boolean taskTrackStarted, boolean taskIgnoreResult,
        boolean taskStoreErrorsEvenIfIgnored,
        @Nullable Duration taskTimeLimit, @Nullable Duration taskSoftTimeLimit,
        @Nullable Duration resultExpires, boolean resultExtended,
        List<String> acceptContent,
        boolean brokerConnectionRetryOnStartup,
        @Nullable Integer brokerConnectionMaxRetries,
        Duration brokerConnectionTimeout, Duration brokerHeartbeat,
        boolean workerSendTaskEvents,
        Duration workerShutdownTimeout,
        long workerMaxBodySize,
        int workerMaxBodyDepth, long workerMaxBodyItems,
        Map<String, String> extensionSettings) {

    public static final String DEFAULT_BROKER_URL = "amqp://guest:guest@localhost:5672//";
    public static final int DEFAULT_PREFETCH_MULTIPLIER = 4;
    public static final String DEFAULT_QUEUE = "celery";
    public static final Duration DEFAULT_RESULT_EXPIRES = Duration.ofDays(1);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(4);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(120);
    public static final int DEFAULT_CONNECTION_MAX_RETRIES = 100;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_BODY_SIZE = 64L * 1024 * 1024;
    /** Lovage bounds held ETA tasks by default (Celery's worker_eta_task_limit is unbounded by default). */
    public static final int DEFAULT_ETA_TASK_LIMIT = 10_000;

    public CeleryConfig {
        brokerTransportOptions = Collections.unmodifiableMap(new LinkedHashMap<>(brokerTransportOptions));
        resultBackendTransportOptions = Map.copyOf(resultBackendTransportOptions);
        taskRoutes = Collections.unmodifiableMap(new LinkedHashMap<>(taskRoutes));
        acceptContent = List.copyOf(acceptContent);
        extensionSettings = Map.copyOf(extensionSettings);
    }

    /**
     * A setting another module owns ({@link SettingsExtension}), as text: the value given, else its default.
     *
     * @throws IllegalArgumentException if no module on the classpath owns {@code name}
     */
    public String extensionSetting(String name) {
        String set = extensionSettings.get(name);
        if (set != null) {
            return set;
        }
        String fallback = SettingsExtensions.defaultValues().get(name);
        if (fallback == null) {
            throw new IllegalArgumentException(name + ": no module on the classpath owns this setting");
        }
        return fallback;
    }

    /** A builder holding every default. */
    public static CeleryConfigBuilder builder() {
        return new CeleryConfigBuilder();
    }

    /** A builder holding this config's values. */
    public CeleryConfigBuilder toBuilder() {
        return new CeleryConfigBuilder(this);
    }

    /**
     * Reads settings through {@code lookup} (for example {@code map::get}); keys it returns null for keep their
     * defaults. Only known keys are looked up.
     *
     * @throws ConfigException listing every invalid value
     */
    public static CeleryConfig from(Function<String, @Nullable String> lookup) {
        return ConfigLoader.load(lookup).build();
    }

    /**
     * Reads {@code CELERY_*} environment variables. An unknown {@code CELERY_*} variable is an error, so a typo fails
     * at start rather than being ignored.
     */
    public static CeleryConfig fromEnv() {
        return ConfigLoader.fromEnvironment(System.getenv()).build();
    }

    /**
     * Every setting name {@link #from(Function)} looks up, sorted ({@code broker_url}, {@code result_backend}, ...):
     * for front ends that map their own property names onto Celery's, such as the Spring Boot starter.
     */
    public static Set<String> settingNames() {
        return ConfigLoader.keys();
    }

    /** Reads a properties file's entries (Celery key names); unknown keys are errors. */
    public static CeleryConfig fromProperties(Properties properties) {
        return ConfigLoader.fromProperties(properties).build();
    }

    /**
     * The settings as {@code celery worker} layers them: a {@code --config} properties file, then {@code CELERY_*}
     * environment variables, then explicit overrides (the command-line flags, Celery key names), each winning over the
     * one before. Unknown keys in the file or the environment are problems.
     *
     * @throws ConfigException listing every invalid or unknown key
     */
    public static CeleryConfig layered(Properties file, Map<String, String> env, Map<String, String> overrides) {
        return ConfigLoader.layered(file, env, overrides).build();
    }

    /** The {@code basic.qos} prefetch count: concurrency × multiplier (0 = unlimited when the multiplier is 0). */
    public int prefetchCount() {
        return workerConcurrency * workerPrefetchMultiplier;
    }

    @Override
    public String toString() {
        return "CeleryConfig[broker_url=" + UrlMasker.mask(brokerUrl) + ", result_backend="
                + (resultBackend == null ? "none" : UrlMasker.mask(resultBackend)) + ", worker_concurrency="
                + workerConcurrency + ", worker_prefetch_multiplier=" + workerPrefetchMultiplier + ", worker_pool="
                + workerPool.name().toLowerCase(Locale.ROOT) + ", task_acks_late=" + taskAcksLate
                + ", task_default_queue=" + taskDefaultQueue + ", result_expires=" + resultExpires
                + ", result_extended=" + resultExtended + ", accept_content=" + acceptContent + "]";
    }
}
