package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.worker.UrlMasker;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryConfigBuilder;
import dev.lovage.worker.BrokerUrl;
import dev.lovage.worker.WorkerPool;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads Celery-named settings into a {@link CeleryConfigBuilder}. Each key maps to a parser and a setter; a value
 * that does not parse is recorded as a problem naming the key, the value and what is allowed.
 */
public final class ConfigLoader {
    private static final Map<String, BiConsumer<CeleryConfigBuilder, String>> SETTINGS = settings();
    /** Celery settings Lovage reads from the environment of a mixed fleet but has no use for. */
    private static final Set<String> TOLERATED = Set.of("config_module", "timezone", "enable_utc",
            "task_serializer", "result_serializer", "result_accept_content", "task_compression");

    private ConfigLoader() {
    }

    private static Map<String, BiConsumer<CeleryConfigBuilder, String>> settings() {
        Map<String, BiConsumer<CeleryConfigBuilder, String>> s = new TreeMap<>();
        s.put("broker_url", (b, v) -> b.brokerUrl(v.trim()));
        s.put("broker_transport_options", (b, v) -> b.brokerTransportOptions(SettingParsers.map(v)));
        s.put("result_backend", (b, v) -> b.resultBackend(v.isBlank() ? null : v.trim()));
        s.put("result_backend_transport_options", (b, v) -> b.resultBackendTransportOptions(SettingParsers.map(v)));
        s.put("worker_concurrency", (b, v) -> b.workerConcurrency(SettingParsers.integer(v)));
        s.put("worker_prefetch_multiplier", (b, v) -> b.workerPrefetchMultiplier(SettingParsers.integer(v)));
        s.put("worker_pool", (b, v) -> b.workerPool(pool(v)));
        s.put("task_acks_late", (b, v) -> b.taskAcksLate(SettingParsers.bool(v)));
        s.put("task_acks_on_failure_or_timeout", (b, v) -> b.taskAcksOnFailureOrTimeout(SettingParsers.bool(v)));
        s.put("task_reject_on_worker_lost", (b, v) -> b.taskRejectOnWorkerLost(SettingParsers.bool(v)));
        s.put("task_default_queue", (b, v) -> b.taskDefaultQueue(v.trim()));
        s.put("task_default_queue_type", (b, v) -> b.taskDefaultQueueType(oneOf(v, "classic", "quorum")));
        s.put("task_default_exchange_type", (b, v) -> b.taskDefaultExchangeType(oneOf(v, "direct", "topic", "fanout")));
        s.put("task_queue_max_priority", (b, v) -> b.taskQueueMaxPriority(SettingParsers.optionalInteger(v)));
        s.put("broker_native_delayed_delivery_queue_type",
                (b, v) -> b.brokerNativeDelayedDeliveryQueueType(oneOf(v, "quorum", "classic")));
        s.put("worker_eta_task_limit", (b, v) -> b.workerEtaTaskLimit(SettingParsers.optionalInteger(v)));
        s.put("task_routes", (b, v) -> b.taskRoutes(SettingParsers.routes(v)));
        s.put("task_track_started", (b, v) -> b.taskTrackStarted(SettingParsers.bool(v)));
        s.put("task_ignore_result", (b, v) -> b.taskIgnoreResult(SettingParsers.bool(v)));
        s.put("task_store_errors_even_if_ignored", (b, v) -> b.taskStoreErrorsEvenIfIgnored(SettingParsers.bool(v)));
        s.put("task_time_limit", (b, v) -> b.taskTimeLimit(SettingParsers.optionalDuration(v)));
        s.put("task_soft_time_limit", (b, v) -> b.taskSoftTimeLimit(SettingParsers.optionalDuration(v)));
        s.put("result_expires", (b, v) -> b.resultExpires(expires(v)));
        s.put("result_extended", (b, v) -> b.resultExtended(SettingParsers.bool(v)));
        s.put("accept_content", (b, v) -> b.acceptContent(SettingParsers.list(v)));
        s.put("broker_connection_retry_on_startup",
                (b, v) -> b.brokerConnectionRetryOnStartup(SettingParsers.bool(v)));
        s.put("broker_connection_max_retries", (b, v) -> b.brokerConnectionMaxRetries(SettingParsers.optionalInteger(v)));
        s.put("broker_connection_timeout", (b, v) -> b.brokerConnectionTimeout(SettingParsers.duration(v)));
        s.put("broker_heartbeat", (b, v) -> b.brokerHeartbeat(SettingParsers.duration(v)));
        s.put("worker_send_task_events", (b, v) -> b.workerSendTaskEvents(SettingParsers.bool(v)));
        s.put("worker_shutdown_timeout", (b, v) -> b.workerShutdownTimeout(SettingParsers.duration(v)));
        s.put("worker_max_body_size", (b, v) -> b.workerMaxBodySize(SettingParsers.byteSize(v)));
        s.put("worker_max_body_depth", (b, v) -> b.workerMaxBodyDepth(SettingParsers.integer(v)));
        s.put("worker_max_body_items", (b, v) -> b.workerMaxBodyItems(SettingParsers.integer(v)));
        return s;
    }

    /** Every setting key Lovage reads, the worker's and those other modules own, sorted. */
    public static Set<String> keys() {
        Set<String> all = new TreeSet<>(SETTINGS.keySet());
        all.addAll(SettingsExtensions.defaultValues().keySet());
        return Collections.unmodifiableSet(all);
    }

    private static boolean known(String key) {
        return SETTINGS.containsKey(key) || SettingsExtensions.defaultValues().containsKey(key);
    }

    /** Looks every known key up; null answers keep the default. */
    public static CeleryConfigBuilder load(Function<String, @Nullable String> lookup) {
        CeleryConfigBuilder builder = CeleryConfig.builder();
        for (String key : keys()) {
            String value = lookup.apply(key);
            if (value != null) {
                apply(builder, key, value);
            }
        }
        return builder;
    }

    /** Reads {@code CELERY_<KEY>} variables; an unknown one is a problem. */
    public static CeleryConfigBuilder fromEnvironment(Map<String, String> env) {
        return layered(new Properties(), env, Map.of());
    }

    /** Reads a properties file's entries by Celery key (or by CELERY_ variable name); unknown keys are problems. */
    public static CeleryConfigBuilder fromProperties(Properties properties) {
        return layered(properties, Map.of(), Map.of());
    }

    /**
     * The CLI's layering: a properties file, then {@code CELERY_*} variables, then explicit overrides (flags), each
     * winning over the one before. Unknown keys in the file or the environment are problems.
     */
    public static CeleryConfigBuilder layered(Properties file, Map<String, String> env,
            Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : file.stringPropertyNames()) {
            String key = name.toLowerCase(Locale.ROOT);
            key = key.startsWith("celery_") ? key.substring("celery_".length()) : key;
            if (known(key)) {
                values.put(key, file.getProperty(name));
            } else if (!TOLERATED.contains(key)) {
                unknown.add(name + " (in the --config file)");
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("CELERY_")) {
                String key = name.substring("CELERY_".length()).toLowerCase(Locale.ROOT);
                if (known(key)) {
                    values.put(key, value);
                } else if (!TOLERATED.contains(key)) {
                    unknown.add(name + " (environment variable)");
                }
            }
        });
        values.putAll(overrides);
        CeleryConfigBuilder builder = load(values::get);
        unknown.stream().sorted().forEach(name -> builder.problem(
                name + ": unknown setting; known: " + String.join(", ", keys())));
        return builder;
    }

    /** Applies one value, recording a problem instead of throwing. */
    public static void apply(CeleryConfigBuilder builder, String key, String value) {
        BiConsumer<CeleryConfigBuilder, String> setter = SETTINGS.get(key);
        if (setter == null && SettingsExtensions.defaultValues().containsKey(key)) {
            setter = (b, v) -> b.setting(key, v);
        }
        if (setter == null) {
            builder.problem(key + ": unknown setting; known: " + String.join(", ", keys()));
            return;
        }
        try {
            setter.accept(builder, value);
        } catch (IllegalArgumentException e) {
            builder.problem(key + "=" + UrlMasker.mask(value) + ": expected " + e.getMessage());
        }
    }

    /** Cross-field and range checks run by {@link CeleryConfigBuilder#build()}. */
    public static List<String> validate(String brokerUrl, @Nullable String resultBackend, int concurrency,
            int prefetchMultiplier, String queue, List<String> acceptContent, @Nullable Integer maxRetries,
            long maxBodySize, int maxBodyDepth, long maxBodyItems) {
        List<String> problems = new ArrayList<>();
        checkScheme(problems, "broker_url", brokerUrl, Set.of("amqp", "amqps", "pyamqp", "redis", "rediss", "sentinel",
                "redis+socket"));
        if (brokerUrl.regionMatches(true, 0, "amqp", 0, 4) || brokerUrl.regionMatches(true, 0, "pyamqp", 0, 6)) {
            // kombu would quietly use localhost; a Lovage worker refuses, since a URL without a host is almost
            // always a broken template (a raw '@' in a password, an empty variable).
            checkHost(problems, "broker_url", brokerUrl);
        }
        if (resultBackend != null) {
            checkScheme(problems, "result_backend", resultBackend, Set.of("redis", "rediss", "sentinel"));
        }
        if (concurrency < 1) {
            problems.add("worker_concurrency=" + concurrency + ": expected a whole number of at least 1");
        }
        if (prefetchMultiplier < 0) {
            problems.add("worker_prefetch_multiplier=" + prefetchMultiplier
                    + ": expected 0 (no limit) or a positive whole number");
        }
        if (queue.isBlank()) {
            problems.add("task_default_queue='': expected a queue name");
        }
        for (String content : acceptContent) {
            if (!Set.of("json", "msgpack", "yaml", "application/json", "application/x-msgpack",
                    "application/x-yaml").contains(content.toLowerCase(Locale.ROOT))) {
                problems.add("accept_content=" + acceptContent + ": '" + content
                        + "' is not supported; allowed: json, msgpack, yaml (pickle is never accepted)");
            } else if (DecoderOptions.missingLibrary(content) != null) {
                problems.add("accept_content=" + acceptContent + ": '" + content + "' needs "
                        + DecoderOptions.missingLibrary(content) + " on the classpath (an optional dependency of "
                        + "lovage-protocol)");
            }
        }
        if (maxRetries != null && maxRetries < 0) {
            problems.add("broker_connection_max_retries=" + maxRetries + ": expected none or a whole number >= 0");
        }
        if (maxBodySize < 1024) {
            problems.add("worker_max_body_size=" + maxBodySize + ": expected at least 1K");
        }
        if (maxBodyDepth < 1 || maxBodyDepth > 1000) {
            problems.add("worker_max_body_depth=" + maxBodyDepth + ": expected a whole number from 1 to 1000");
        }
        if (maxBodyItems < 1) {
            problems.add("worker_max_body_items=" + maxBodyItems + ": expected a whole number of at least 1");
        }
        return problems;
    }

    // kombu reads a URL without a host as localhost; a Lovage worker refuses it, because that is almost always a
    // typo or a password with a character that ended the host early.
    // kombu splits broker_url at ';' into failover URLs, so a raw ';' in a password splits it too. A problem names
    // the whole URL masked, never a part, which could be a piece of the password.
    private static void checkHost(List<String> problems, String key, String urls) {
        for (String url : urls.split(";")) {
            try {
                if (BrokerUrl.parse(url.trim()).host() == null) {
                    problems.add(key + "=" + UrlMasker.mask(urls) + ": the URL names no host (for this machine "
                            + "write localhost, as in amqp://guest:guest@localhost:5672//)");
                    return;
                }
            } catch (IllegalArgumentException e) {
                problems.add(key + "=" + UrlMasker.mask(urls) + ": " + e.getMessage());
                return;
            }
        }
    }

    private static void checkScheme(List<String> problems, String key, String url, Set<String> schemes) {
        String first = url.split(";", 2)[0];
        try {
            String scheme = new URI(first).getScheme();
            if (scheme == null || !schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
                problems.add(key + "=" + UrlMasker.mask(url) + ": expected a URL with scheme "
                        + String.join(", ", new TreeSet<>(schemes)));
            }
        } catch (URISyntaxException e) {
            problems.add(key + "=" + UrlMasker.mask(url) + ": not a URL (" + e.getReason() + ")");
        }
    }

    private static String oneOf(String v, String... allowed) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("one of " + String.join(", ", allowed));
    }

    private static WorkerPool pool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "virtual", "solo" -> WorkerPool.VIRTUAL;
            case "threads", "prefork" -> WorkerPool.THREADS;
            default -> throw new IllegalArgumentException("virtual or threads (prefork maps to threads)");
        };
    }

    private static @Nullable Duration expires(String v) {
        Duration d = SettingParsers.optionalDuration(v);
        // Celery treats result_expires=0 like None: results are stored without expiry.
        return d == null || d.isZero() ? null : d;
    }
}
