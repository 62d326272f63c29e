package dev.lovage.spring.boot;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's Celery settings as Spring properties: celery.broker-url is Celery's broker_url, with
 * the lovage worker command's defaults. Celery's own environment variables (CELERY_BROKER_URL,
 * CELERY_RESULT_BACKEND ...) bind here too, through Spring Boot's environment mapping. Durations take Celery's
 * float seconds (0.5) or ISO-8601 (PT1H); None means unset where Celery allows it. Every value
 * is checked by the worker's own settings reader when the context starts.
 *
 * @param brokerUrl Broker URL, kombu spelling: amqp:// (// is vhost /; amqps:// for TLS) for RabbitMQ, redis://,
 *     rediss:// or sentinel:// for Redis.
 * @param brokerTransportOptions JSON object of kombu's Redis transport options (visibility_timeout,
 *     global_keyprefix, priority_steps, ...).
 * @param resultBackend Result backend URL: redis://, rediss:// or sentinel://; none means
 *     results are not stored.
 * @param resultBackendTransportOptions JSON object; master_name for Sentinel, global_keyprefix.
 * @param workerConcurrency Tasks running at once; none means the CPU count.
 * @param workerPrefetchMultiplier Prefetch = concurrency x this; 0 = unlimited.
 * @param workerPool virtual (virtual threads) or threads (platform threads, for CPU-bound work).
 * @param taskAcksLate Acknowledge after the task instead of when it starts.
 * @param taskAcksOnFailureOrTimeout With acks_late: acknowledge failed tasks (false: reject them).
 * @param taskRejectOnWorkerLost With acks_late: requeue a task whose worker died.
 * @param taskDefaultQueue Queue consumed when lovage.worker.queues is empty, and where published tasks go
 *     without a route.
 * @param taskDefaultQueueType classic or quorum.
 * @param taskDefaultExchangeType Type of the exchange declared with each queue: direct, topic or fanout.
 * @param taskQueueMaxPriority Declares new queues with x-max-priority.
 * @param brokerNativeDelayedDeliveryQueueType Type of the celery_delayed_* queues.
 * @param workerEtaTaskLimit ETA and rate-limited tasks held at once with a raised prefetch.
 * @param taskRoutes JSON object of task-name globs to queues, for the tasks this worker publishes.
 * @param taskTrackStarted Store STARTED when a task starts.
 * @param taskIgnoreResult Store no results.
 * @param taskStoreErrorsEvenIfIgnored Store failures even when results are ignored.
 * @param taskTimeLimit Hard time limit for tasks whose message and options set none (seconds).
 * @param taskSoftTimeLimit Soft time limit for tasks whose message and options set none (seconds).
 * @param resultExpires How long results are kept (seconds or ISO-8601; 0 or None = never expire).
 * @param resultExtended Also store name, args, kwargs, worker, retries and queue with each result.
 * @param acceptContent Accepted content types, comma-separated: json, msgpack, yaml.
 * @param brokerConnectionRetryOnStartup Retry the first broker connection.
 * @param brokerConnectionMaxRetries Connection attempts before giving up; None or 0 = forever.
 * @param brokerConnectionTimeout Seconds to wait for a broker connection.
 * @param brokerHeartbeat AMQP heartbeat in seconds.
 * @param workerSendTaskEvents Send task events (celery events, Flower).
 * @param workerShutdownTimeout Seconds a warm shutdown waits for running tasks.
 * @param workerMaxBodySize Largest message body after decompression; larger ones are rejected.
 * @param workerMaxBodyDepth Deepest nesting of lists and dicts in a message body; deeper ones are rejected.
 * @param workerMaxBodyItems Most values in one message body; bodies with more are rejected.
 * @param resultChordCleanup Forget chord header results after the callback succeeded (with a Redis backend).
 * @param resultChordCleanupDelay Grace delay before deleting chord header results.
 * @param resultChordCleanupFailed Also clean chords whose callback failed.
 * @param resultChordCleanupDryRun Log what would be deleted, delete nothing.
 * @param resultChordCleanupMaxAttempts Attempts before a cleanup record is dead-lettered.
 * @since 0.1
 */
@ConfigurationProperties("celery")
public record CeleryProperties(
        @DefaultValue("amqp://guest:guest@localhost:5672//") String brokerUrl,
        @Nullable String brokerTransportOptions,
        @Nullable String resultBackend,
        @Nullable String resultBackendTransportOptions,
        @Nullable Integer workerConcurrency,
        @DefaultValue("4") int workerPrefetchMultiplier,
        @DefaultValue("virtual") String workerPool,
        @DefaultValue("false") boolean taskAcksLate,
        @DefaultValue("true") boolean taskAcksOnFailureOrTimeout,
        @DefaultValue("false") boolean taskRejectOnWorkerLost,
        @DefaultValue("celery") String taskDefaultQueue,
        @DefaultValue("classic") String taskDefaultQueueType,
        @DefaultValue("direct") String taskDefaultExchangeType,
        @Nullable Integer taskQueueMaxPriority,
        @DefaultValue("quorum") String brokerNativeDelayedDeliveryQueueType,
        @DefaultValue("10000") String workerEtaTaskLimit,
        @Nullable String taskRoutes,
        @DefaultValue("false") boolean taskTrackStarted,
        @DefaultValue("false") boolean taskIgnoreResult,
        @DefaultValue("false") boolean taskStoreErrorsEvenIfIgnored,
        @Nullable String taskTimeLimit,
        @Nullable String taskSoftTimeLimit,
        @DefaultValue("86400") String resultExpires,
        @DefaultValue("false") boolean resultExtended,
        @DefaultValue("json") String acceptContent,
        @DefaultValue("true") boolean brokerConnectionRetryOnStartup,
        @DefaultValue("100") String brokerConnectionMaxRetries,
        @DefaultValue("4") String brokerConnectionTimeout,
        @DefaultValue("120") String brokerHeartbeat,
        @DefaultValue("false") boolean workerSendTaskEvents,
        @DefaultValue("60") String workerShutdownTimeout,
        @DefaultValue("64M") String workerMaxBodySize,
        @DefaultValue("1000") int workerMaxBodyDepth,
        @DefaultValue("1000000") long workerMaxBodyItems,
        @DefaultValue("true") boolean resultChordCleanup,
        @DefaultValue("0") String resultChordCleanupDelay,
        @DefaultValue("false") boolean resultChordCleanupFailed,
        @DefaultValue("false") boolean resultChordCleanupDryRun,
        @DefaultValue("5") int resultChordCleanupMaxAttempts) {

    /** The set values under Celery's names (broker_url), for CeleryConfig.from(map::get). */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (RecordComponent c : CeleryProperties.class.getRecordComponents()) {
            try {
                Object value = c.getAccessor().invoke(this);
                if (value != null) {
                    settings.put(celeryName(c.getName()), value.toString());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return settings;
    }

    /** brokerUrl as Celery spells it: broker_url. */
    static String celeryName(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
