package dev.lovage.worker;

import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.worker.internal.ConfigLoader;
import dev.lovage.worker.internal.SettingsExtensions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Mutable builder; {@link #build()} validates every value and throws one {@link ConfigException} listing all
 * problems. Not thread-safe.
 *
 * @since 0.1
 */
public final class CeleryConfigBuilder {
    private String brokerUrl = CeleryConfig.DEFAULT_BROKER_URL;
    private Map<String, String> brokerTransportOptions = new LinkedHashMap<>();
    private @Nullable String resultBackend;
    private Map<String, String> resultBackendTransportOptions = new LinkedHashMap<>();
    private int workerConcurrency = Runtime.getRuntime().availableProcessors();
    private int workerPrefetchMultiplier = CeleryConfig.DEFAULT_PREFETCH_MULTIPLIER;
    private WorkerPool workerPool = WorkerPool.VIRTUAL;
    private boolean taskAcksLate;
    private boolean taskAcksOnFailureOrTimeout = true;
    private boolean taskRejectOnWorkerLost;
    private String taskDefaultQueue = CeleryConfig.DEFAULT_QUEUE;
    private Map<String, String> taskRoutes = new LinkedHashMap<>();
    private String taskDefaultQueueType = "classic";
    private String taskDefaultExchangeType = "direct";
    private @Nullable Integer taskQueueMaxPriority;
    private String brokerNativeDelayedDeliveryQueueType = "quorum";
    private @Nullable Integer workerEtaTaskLimit = CeleryConfig.DEFAULT_ETA_TASK_LIMIT;
    private boolean taskTrackStarted;
    private boolean taskIgnoreResult;
    private boolean taskStoreErrorsEvenIfIgnored;
    private @Nullable Duration taskTimeLimit;
    private @Nullable Duration taskSoftTimeLimit;
    private @Nullable Duration resultExpires = CeleryConfig.DEFAULT_RESULT_EXPIRES;
    private boolean resultExtended;
    private List<String> acceptContent = List.of("json");
    private boolean brokerConnectionRetryOnStartup = true;
    private @Nullable Integer brokerConnectionMaxRetries = CeleryConfig.DEFAULT_CONNECTION_MAX_RETRIES;
    private Duration brokerConnectionTimeout = CeleryConfig.DEFAULT_CONNECTION_TIMEOUT;
    private Duration brokerHeartbeat = CeleryConfig.DEFAULT_HEARTBEAT;
    private boolean workerSendTaskEvents;
    private Duration workerShutdownTimeout = CeleryConfig.DEFAULT_SHUTDOWN_TIMEOUT;
    private long workerMaxBodySize = CeleryConfig.DEFAULT_MAX_BODY_SIZE;
    private int workerMaxBodyDepth = DecoderOptions.DEFAULT_MAX_BODY_DEPTH;
    private long workerMaxBodyItems = DecoderOptions.DEFAULT_MAX_BODY_ITEMS;
    private final Map<String, String> extensionSettings = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    CeleryConfigBuilder() {
    }

    CeleryConfigBuilder(CeleryConfig c) {
        brokerUrl = c.brokerUrl();
        brokerTransportOptions = new LinkedHashMap<>(c.brokerTransportOptions());
        resultBackend = c.resultBackend();
        resultBackendTransportOptions = new LinkedHashMap<>(c.resultBackendTransportOptions());
        workerConcurrency = c.workerConcurrency();
        workerPrefetchMultiplier = c.workerPrefetchMultiplier();
        workerPool = c.workerPool();
        taskAcksLate = c.taskAcksLate();
        taskAcksOnFailureOrTimeout = c.taskAcksOnFailureOrTimeout();
        taskRejectOnWorkerLost = c.taskRejectOnWorkerLost();
        taskDefaultQueue = c.taskDefaultQueue();
        taskRoutes = new LinkedHashMap<>(c.taskRoutes());
        taskDefaultQueueType = c.taskDefaultQueueType();
        taskDefaultExchangeType = c.taskDefaultExchangeType();
        taskQueueMaxPriority = c.taskQueueMaxPriority();
        brokerNativeDelayedDeliveryQueueType = c.brokerNativeDelayedDeliveryQueueType();
        workerEtaTaskLimit = c.workerEtaTaskLimit();
        taskTrackStarted = c.taskTrackStarted();
        taskIgnoreResult = c.taskIgnoreResult();
        taskStoreErrorsEvenIfIgnored = c.taskStoreErrorsEvenIfIgnored();
        taskTimeLimit = c.taskTimeLimit();
        taskSoftTimeLimit = c.taskSoftTimeLimit();
        resultExpires = c.resultExpires();
        resultExtended = c.resultExtended();
        acceptContent = c.acceptContent();
        brokerConnectionRetryOnStartup = c.brokerConnectionRetryOnStartup();
        brokerConnectionMaxRetries = c.brokerConnectionMaxRetries();
        brokerConnectionTimeout = c.brokerConnectionTimeout();
        brokerHeartbeat = c.brokerHeartbeat();
        workerSendTaskEvents = c.workerSendTaskEvents();
        workerShutdownTimeout = c.workerShutdownTimeout();
        workerMaxBodySize = c.workerMaxBodySize();
        workerMaxBodyDepth = c.workerMaxBodyDepth();
        workerMaxBodyItems = c.workerMaxBodyItems();
        extensionSettings.putAll(c.extensionSettings());
    }

    public CeleryConfigBuilder brokerUrl(String v) { brokerUrl = v; return this; }
    /** kombu's {@code broker_transport_options}: values as text, read by the broker transport. */
    public CeleryConfigBuilder brokerTransportOptions(Map<String, String> v) {
        brokerTransportOptions = new LinkedHashMap<>(v); return this; }
    public CeleryConfigBuilder resultBackend(@Nullable String v) { resultBackend = v; return this; }
    public CeleryConfigBuilder resultBackendTransportOptions(Map<String, String> v) {
        resultBackendTransportOptions = new LinkedHashMap<>(v); return this; }
    public CeleryConfigBuilder workerConcurrency(int v) { workerConcurrency = v; return this; }
    public CeleryConfigBuilder workerPrefetchMultiplier(int v) { workerPrefetchMultiplier = v; return this; }
    public CeleryConfigBuilder workerPool(WorkerPool v) { workerPool = v; return this; }
    public CeleryConfigBuilder taskAcksLate(boolean v) { taskAcksLate = v; return this; }
    public CeleryConfigBuilder taskAcksOnFailureOrTimeout(boolean v) { taskAcksOnFailureOrTimeout = v; return this; }
    public CeleryConfigBuilder taskRejectOnWorkerLost(boolean v) { taskRejectOnWorkerLost = v; return this; }
    public CeleryConfigBuilder taskDefaultQueue(String v) { taskDefaultQueue = v; return this; }
    /** {@code classic} or {@code quorum}: the type of queues this worker declares. */
    public CeleryConfigBuilder taskDefaultQueueType(String v) { taskDefaultQueueType = v; return this; }
    /** {@code direct}, {@code topic} or {@code fanout}: the type of the exchange declared with a queue. */
    public CeleryConfigBuilder taskDefaultExchangeType(String v) { taskDefaultExchangeType = v; return this; }
    /** Declares new queues with {@code x-max-priority}; null for none. */
    public CeleryConfigBuilder taskQueueMaxPriority(@Nullable Integer v) { taskQueueMaxPriority = v; return this; }
    public CeleryConfigBuilder brokerNativeDelayedDeliveryQueueType(String v) {
        brokerNativeDelayedDeliveryQueueType = v; return this; }
    /** Most ETA tasks held at once with a raised prefetch; past it, the prefetch window fills (back-pressure). */
    public CeleryConfigBuilder workerEtaTaskLimit(@Nullable Integer v) { workerEtaTaskLimit = v; return this; }
    /** Task-name globs to queue names, tried in order, for the tasks this worker publishes. */
    public CeleryConfigBuilder taskRoutes(Map<String, String> v) { taskRoutes = new LinkedHashMap<>(v); return this; }
    public CeleryConfigBuilder taskTrackStarted(boolean v) { taskTrackStarted = v; return this; }
    public CeleryConfigBuilder taskIgnoreResult(boolean v) { taskIgnoreResult = v; return this; }
    public CeleryConfigBuilder taskStoreErrorsEvenIfIgnored(boolean v) { taskStoreErrorsEvenIfIgnored = v; return this; }
    public CeleryConfigBuilder taskTimeLimit(@Nullable Duration v) { taskTimeLimit = v; return this; }
    public CeleryConfigBuilder taskSoftTimeLimit(@Nullable Duration v) { taskSoftTimeLimit = v; return this; }
    public CeleryConfigBuilder resultExpires(@Nullable Duration v) { resultExpires = v; return this; }
    public CeleryConfigBuilder resultExtended(boolean v) { resultExtended = v; return this; }
    public CeleryConfigBuilder acceptContent(List<String> v) { acceptContent = List.copyOf(v); return this; }
    public CeleryConfigBuilder brokerConnectionRetryOnStartup(boolean v) { brokerConnectionRetryOnStartup = v; return this; }
    public CeleryConfigBuilder brokerConnectionMaxRetries(@Nullable Integer v) { brokerConnectionMaxRetries = v; return this; }
    public CeleryConfigBuilder brokerConnectionTimeout(Duration v) { brokerConnectionTimeout = v; return this; }
    public CeleryConfigBuilder brokerHeartbeat(Duration v) { brokerHeartbeat = v; return this; }
    public CeleryConfigBuilder workerSendTaskEvents(boolean v) { workerSendTaskEvents = v; return this; }
    public CeleryConfigBuilder workerShutdownTimeout(Duration v) { workerShutdownTimeout = v; return this; }
    public CeleryConfigBuilder workerMaxBodySize(long v) { workerMaxBodySize = v; return this; }
    public CeleryConfigBuilder workerMaxBodyDepth(int v) { workerMaxBodyDepth = v; return this; }
    public CeleryConfigBuilder workerMaxBodyItems(long v) { workerMaxBodyItems = v; return this; }
    /**
     * Sets any setting by its Celery name, as the environment or a {@code --config} file would, including those
     * other modules own ({@link SettingsExtension}); a bad value or an unknown name is reported by {@link #build()}.
     */
    public CeleryConfigBuilder setting(String name, String value) {
        if (SettingsExtensions.defaultValues().containsKey(name)) {
            // A default given explicitly is kept as not given, so that equal settings make equal configs.
            if (value.equals(SettingsExtensions.defaultValues().get(name))) {
                extensionSettings.remove(name);
            } else {
                extensionSettings.put(name, value);
            }
        } else {
            ConfigLoader.apply(this, name, value);
        }
        return this;
    }

    /** Records a problem found while reading settings, reported by {@link #build()} with the others. */
    public CeleryConfigBuilder problem(String problem) {
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
        all.addAll(SettingsExtensions.validate(extensionSettings));
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
                workerMaxBodySize, workerMaxBodyDepth, workerMaxBodyItems, extensionSettings);
    }
}
