package dev.lovage.worker;

import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.worker.internal.ConfigLoader;
import java.time.Duration;
import java.util.ArrayList;
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
        boolean resultChordCleanup,
        Duration resultChordCleanupDelay,
        boolean resultChordCleanupFailed, boolean resultChordCleanupDryRun,
        int resultChordCleanupMaxAttempts) {

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
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
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

    /**
     * Mutable builder; {@link #build()} validates every value and throws one {@link ConfigException} listing all
     * problems. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String brokerUrl = DEFAULT_BROKER_URL;
        private Map<String, String> brokerTransportOptions = new LinkedHashMap<>();
        private @Nullable String resultBackend;
        private Map<String, String> resultBackendTransportOptions = new LinkedHashMap<>();
        private int workerConcurrency = Runtime.getRuntime().availableProcessors();
        private int workerPrefetchMultiplier = DEFAULT_PREFETCH_MULTIPLIER;
        private WorkerPool workerPool = WorkerPool.VIRTUAL;
        private boolean taskAcksLate;
        private boolean taskAcksOnFailureOrTimeout = true;
        private boolean taskRejectOnWorkerLost;
        private String taskDefaultQueue = DEFAULT_QUEUE;
        private Map<String, String> taskRoutes = new LinkedHashMap<>();
        private String taskDefaultQueueType = "classic";
        private String taskDefaultExchangeType = "direct";
        private @Nullable Integer taskQueueMaxPriority;
        private String brokerNativeDelayedDeliveryQueueType = "quorum";
        private @Nullable Integer workerEtaTaskLimit = DEFAULT_ETA_TASK_LIMIT;
        private boolean taskTrackStarted;
        private boolean taskIgnoreResult;
        private boolean taskStoreErrorsEvenIfIgnored;
        private @Nullable Duration taskTimeLimit;
        private @Nullable Duration taskSoftTimeLimit;
        private @Nullable Duration resultExpires = DEFAULT_RESULT_EXPIRES;
        private boolean resultExtended;
        private List<String> acceptContent = List.of("json");
        private boolean brokerConnectionRetryOnStartup = true;
        private @Nullable Integer brokerConnectionMaxRetries = DEFAULT_CONNECTION_MAX_RETRIES;
        private Duration brokerConnectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration brokerHeartbeat = DEFAULT_HEARTBEAT;
        private boolean workerSendTaskEvents;
        private Duration workerShutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private long workerMaxBodySize = DEFAULT_MAX_BODY_SIZE;
        private int workerMaxBodyDepth = DecoderOptions.DEFAULT_MAX_BODY_DEPTH;
        private long workerMaxBodyItems = DecoderOptions.DEFAULT_MAX_BODY_ITEMS;
        private boolean resultChordCleanup = true;
        private Duration resultChordCleanupDelay = Duration.ZERO;
        private boolean resultChordCleanupFailed;
        private boolean resultChordCleanupDryRun;
        private int resultChordCleanupMaxAttempts = 5;
        private final List<String> problems = new ArrayList<>();

        Builder() {
        }

        Builder(CeleryConfig c) {
            brokerUrl = c.brokerUrl;
            brokerTransportOptions = new LinkedHashMap<>(c.brokerTransportOptions);
            resultBackend = c.resultBackend;
            resultBackendTransportOptions = new LinkedHashMap<>(c.resultBackendTransportOptions);
            workerConcurrency = c.workerConcurrency;
            workerPrefetchMultiplier = c.workerPrefetchMultiplier;
            workerPool = c.workerPool;
            taskAcksLate = c.taskAcksLate;
            taskAcksOnFailureOrTimeout = c.taskAcksOnFailureOrTimeout;
            taskRejectOnWorkerLost = c.taskRejectOnWorkerLost;
            taskDefaultQueue = c.taskDefaultQueue;
            taskRoutes = new LinkedHashMap<>(c.taskRoutes);
            taskDefaultQueueType = c.taskDefaultQueueType;
            taskDefaultExchangeType = c.taskDefaultExchangeType;
            taskQueueMaxPriority = c.taskQueueMaxPriority;
            brokerNativeDelayedDeliveryQueueType = c.brokerNativeDelayedDeliveryQueueType;
            workerEtaTaskLimit = c.workerEtaTaskLimit;
            taskTrackStarted = c.taskTrackStarted;
            taskIgnoreResult = c.taskIgnoreResult;
            taskStoreErrorsEvenIfIgnored = c.taskStoreErrorsEvenIfIgnored;
            taskTimeLimit = c.taskTimeLimit;
            taskSoftTimeLimit = c.taskSoftTimeLimit;
            resultExpires = c.resultExpires;
            resultExtended = c.resultExtended;
            acceptContent = c.acceptContent;
            brokerConnectionRetryOnStartup = c.brokerConnectionRetryOnStartup;
            brokerConnectionMaxRetries = c.brokerConnectionMaxRetries;
            brokerConnectionTimeout = c.brokerConnectionTimeout;
            brokerHeartbeat = c.brokerHeartbeat;
            workerSendTaskEvents = c.workerSendTaskEvents;
            workerShutdownTimeout = c.workerShutdownTimeout;
            workerMaxBodySize = c.workerMaxBodySize;
            workerMaxBodyDepth = c.workerMaxBodyDepth;
            workerMaxBodyItems = c.workerMaxBodyItems;
            resultChordCleanup = c.resultChordCleanup;
            resultChordCleanupDelay = c.resultChordCleanupDelay;
            resultChordCleanupFailed = c.resultChordCleanupFailed;
            resultChordCleanupDryRun = c.resultChordCleanupDryRun;
            resultChordCleanupMaxAttempts = c.resultChordCleanupMaxAttempts;
        }

        public Builder brokerUrl(String v) { brokerUrl = v; return this; }
        /** kombu's {@code broker_transport_options}: values as text, read by the broker transport. */
        public Builder brokerTransportOptions(Map<String, String> v) {
            brokerTransportOptions = new LinkedHashMap<>(v); return this; }
        public Builder resultBackend(@Nullable String v) { resultBackend = v; return this; }
        public Builder resultBackendTransportOptions(Map<String, String> v) {
            resultBackendTransportOptions = new LinkedHashMap<>(v); return this; }
        public Builder workerConcurrency(int v) { workerConcurrency = v; return this; }
        public Builder workerPrefetchMultiplier(int v) { workerPrefetchMultiplier = v; return this; }
        public Builder workerPool(WorkerPool v) { workerPool = v; return this; }
        public Builder taskAcksLate(boolean v) { taskAcksLate = v; return this; }
        public Builder taskAcksOnFailureOrTimeout(boolean v) { taskAcksOnFailureOrTimeout = v; return this; }
        public Builder taskRejectOnWorkerLost(boolean v) { taskRejectOnWorkerLost = v; return this; }
        public Builder taskDefaultQueue(String v) { taskDefaultQueue = v; return this; }
        /** {@code classic} or {@code quorum}: the type of queues this worker declares. */
        public Builder taskDefaultQueueType(String v) { taskDefaultQueueType = v; return this; }
        /** {@code direct}, {@code topic} or {@code fanout}: the type of the exchange declared with a queue. */
        public Builder taskDefaultExchangeType(String v) { taskDefaultExchangeType = v; return this; }
        /** Declares new queues with {@code x-max-priority}; null for none. */
        public Builder taskQueueMaxPriority(@Nullable Integer v) { taskQueueMaxPriority = v; return this; }
        public Builder brokerNativeDelayedDeliveryQueueType(String v) {
            brokerNativeDelayedDeliveryQueueType = v; return this; }
        /** Most ETA tasks held at once with a raised prefetch; past it, the prefetch window fills (back-pressure). */
        public Builder workerEtaTaskLimit(@Nullable Integer v) { workerEtaTaskLimit = v; return this; }
        /** Task-name globs to queue names, tried in order, for the tasks this worker publishes. */
        public Builder taskRoutes(Map<String, String> v) { taskRoutes = new LinkedHashMap<>(v); return this; }
        public Builder taskTrackStarted(boolean v) { taskTrackStarted = v; return this; }
        public Builder taskIgnoreResult(boolean v) { taskIgnoreResult = v; return this; }
        public Builder taskStoreErrorsEvenIfIgnored(boolean v) { taskStoreErrorsEvenIfIgnored = v; return this; }
        public Builder taskTimeLimit(@Nullable Duration v) { taskTimeLimit = v; return this; }
        public Builder taskSoftTimeLimit(@Nullable Duration v) { taskSoftTimeLimit = v; return this; }
        public Builder resultExpires(@Nullable Duration v) { resultExpires = v; return this; }
        public Builder resultExtended(boolean v) { resultExtended = v; return this; }
        public Builder acceptContent(List<String> v) { acceptContent = List.copyOf(v); return this; }
        public Builder brokerConnectionRetryOnStartup(boolean v) { brokerConnectionRetryOnStartup = v; return this; }
        public Builder brokerConnectionMaxRetries(@Nullable Integer v) { brokerConnectionMaxRetries = v; return this; }
        public Builder brokerConnectionTimeout(Duration v) { brokerConnectionTimeout = v; return this; }
        public Builder brokerHeartbeat(Duration v) { brokerHeartbeat = v; return this; }
        public Builder workerSendTaskEvents(boolean v) { workerSendTaskEvents = v; return this; }
        public Builder workerShutdownTimeout(Duration v) { workerShutdownTimeout = v; return this; }
        public Builder workerMaxBodySize(long v) { workerMaxBodySize = v; return this; }
        public Builder workerMaxBodyDepth(int v) { workerMaxBodyDepth = v; return this; }
        public Builder workerMaxBodyItems(long v) { workerMaxBodyItems = v; return this; }
        /** Forget chord header results once the callback succeeded (on by default with a Redis backend). */
        public Builder resultChordCleanup(boolean v) { resultChordCleanup = v; return this; }
        /** Grace delay between the callback's success and the deletion. */
        public Builder resultChordCleanupDelay(Duration v) { resultChordCleanupDelay = v; return this; }
        /** Also forget the header results of chords whose callback failed (off: keep them for debugging). */
        public Builder resultChordCleanupFailed(boolean v) { resultChordCleanupFailed = v; return this; }
        /** Log what would be deleted, delete nothing. */
        public Builder resultChordCleanupDryRun(boolean v) { resultChordCleanupDryRun = v; return this; }
        /** Attempts before a failing cleanup goes to the dead-letter list. */
        public Builder resultChordCleanupMaxAttempts(int v) { resultChordCleanupMaxAttempts = v; return this; }

        /** Records a problem found while reading settings, reported by {@link #build()} with the others. */
        public Builder problem(String problem) {
            problems.add(problem);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException listing every invalid value
         */
        public CeleryConfig build() {
            List<String> all = new ArrayList<>(problems);
            all.addAll(ConfigLoader.validate(brokerUrl, resultBackend, workerConcurrency, workerPrefetchMultiplier,
                    taskDefaultQueue, acceptContent, brokerConnectionMaxRetries, workerMaxBodySize, workerMaxBodyDepth,
                    workerMaxBodyItems));
            if (!all.isEmpty()) {
                throw new ConfigException(all);
            }
            return new CeleryConfig(brokerUrl, brokerTransportOptions, resultBackend, resultBackendTransportOptions, workerConcurrency,
                    workerPrefetchMultiplier, workerPool, taskAcksLate, taskAcksOnFailureOrTimeout,
                    taskRejectOnWorkerLost, taskDefaultQueue, taskDefaultQueueType, taskDefaultExchangeType,
                    taskQueueMaxPriority, brokerNativeDelayedDeliveryQueueType, workerEtaTaskLimit, taskRoutes,
                    taskTrackStarted, taskIgnoreResult,
                    taskStoreErrorsEvenIfIgnored, taskTimeLimit, taskSoftTimeLimit, resultExpires, resultExtended,
                    acceptContent, brokerConnectionRetryOnStartup, brokerConnectionMaxRetries,
                    brokerConnectionTimeout, brokerHeartbeat, workerSendTaskEvents, workerShutdownTimeout,
                    workerMaxBodySize, workerMaxBodyDepth, workerMaxBodyItems, resultChordCleanup,
                    resultChordCleanupDelay, resultChordCleanupFailed,
                    resultChordCleanupDryRun, resultChordCleanupMaxAttempts);
        }
    }
}
