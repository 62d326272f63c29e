package dev.lovage.broker.redis.internal;

import dev.lovage.broker.redis.RedisTransportOptions;
import dev.lovage.broker.redis.RedisTransportOptions.QueueOrder;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.ConfigException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code broker_transport_options} into {@link RedisTransportOptions}, collecting every problem before
 * failing. Values may be JSON values (Number, Boolean, String, List) or their text.
 */
public final class OptionReader {
    private static final Logger log = LoggerFactory.getLogger(OptionReader.class);
    private static final String SETTING = "broker_transport_options";
    // kombu Redis transport options (and Celery's connection-retry ones) that Lovage reads nowhere: Lettuce
    // reconnects on its own, Lovage's consumer polls instead of blocking, so they have no counterpart.
    private static final Set<String> IGNORED = Set.of("unacked_restore_throttle", "max_connections",
            "socket_keepalive", "socket_keepalive_options", "retry_on_timeout", "health_check_interval",
            "reauth_check_interval", "polling_interval", "brpop_timeout", "sentinel_fanout_compat",
            "min_other_sentinels", "credential_provider", "max_retries", "interval_start", "interval_step",
            "interval_max", "body_encoding", "deadletter_queue", "confirm_publish");
    private static final Set<String> READ = Set.of("visibility_timeout", "global_keyprefix", "priority_steps", "sep",
            "queue_order_strategy", "fanout_prefix", "fanout_patterns", "master_name", "unacked_key",
            "unacked_index_key", "unacked_mutex_key", "unacked_mutex_expire", "unacked_restore_limit",
            "unacked_restore_interval", "ack_emulation", "socket_timeout", "socket_connect_timeout", "client_name",
            "sentinel_kwargs");

    private final Map<String, ?> options;
    private final List<String> problems = new ArrayList<>();

    private OptionReader(Map<String, ?> options) {
        this.options = options;
    }

    /** The options, or a {@link ConfigException} naming every invalid one. */
    public static RedisTransportOptions read(Map<String, ?> options) {
        OptionReader r = new OptionReader(options);
        RedisTransportOptions result = r.build();
        if (!r.problems.isEmpty()) {
            throw new ConfigException(r.problems);
        }
        options.keySet().stream().filter(k -> !READ.contains(k) && !IGNORED.contains(k)).forEach(k ->
                log.warn("{}: unknown option '{}' ignored (kombu's Redis transport does not know it either)",
                        SETTING, k));
        return result;
    }

    private RedisTransportOptions build() {
        Duration visibility = seconds("visibility_timeout", RedisTransportOptions.DEFAULT_VISIBILITY_TIMEOUT);
        String sep = text("sep", RedisTransportOptions.DEFAULT_SEP);
        if (sep.isEmpty()) {
            problem("sep", sep, "a non-empty string (kombu's default is \"\\x06\\x16\")");
        }
        Map<String, String> raw = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (v != null) {
                raw.put(k, v instanceof String s ? s : PyJson.write(v));
            }
        });
        return new RedisTransportOptions(visibility, text("global_keyprefix", ""), steps(), sep, order(),
                fanoutPrefix(), bool("fanout_patterns", true), nullableText("master_name"),
                text("unacked_key", "unacked"), text("unacked_index_key", "unacked_index"),
                text("unacked_mutex_key", "unacked_mutex"), seconds("unacked_mutex_expire", Duration.ofSeconds(300)),
                positiveInt("unacked_restore_limit"), nullableSeconds("unacked_restore_interval"),
                bool("ack_emulation", true), nullableSeconds("socket_timeout"),
                nullableSeconds("socket_connect_timeout"), nullableText("client_name"), raw);
    }

    private List<Integer> steps() {
        Object v = options.get("priority_steps");
        if (v == null) {
            return RedisTransportOptions.DEFAULT_PRIORITY_STEPS;
        }
        Object list = v;
        if (v instanceof String s) {
            try {
                list = PyJson.read(s);
            } catch (RuntimeException e) {
                list = null;
            }
        }
        List<Integer> steps = new ArrayList<>();
        if (list instanceof List<?> l && !l.isEmpty()) {
            for (Object step : l) {
                if (step instanceof Integer i && i >= 0 && i <= 9 && (steps.isEmpty() || i > steps.getLast())) {
                    steps.add(i);
                } else {
                    steps.clear();
                    break;
                }
            }
        }
        if (steps.isEmpty()) {
            problem("priority_steps", v, "a non-empty, ascending list of integers from 0 to 9, such as [0, 3, 6, 9]");
            return RedisTransportOptions.DEFAULT_PRIORITY_STEPS;
        }
        return steps;
    }

    private QueueOrder order() {
        String v = text("queue_order_strategy", "round_robin");
        return switch (v) {
            case "round_robin" -> QueueOrder.ROUND_ROBIN;
            case "priority" -> QueueOrder.PRIORITY;
            case "sorted" -> QueueOrder.SORTED;
            default -> {
                problem("queue_order_strategy", v, "round_robin, priority or sorted");
                yield QueueOrder.ROUND_ROBIN;
            }
        };
    }

    // Mirrors Channel.__init__: True means '/{db}.', False means no prefix, a string is the prefix itself.
    private String fanoutPrefix() {
        Object v = options.get("fanout_prefix");
        if (v == null || Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(v.toString())) {
            return RedisTransportOptions.DEFAULT_FANOUT_PREFIX;
        }
        if (Boolean.FALSE.equals(v) || "false".equalsIgnoreCase(v.toString()) || v.toString().isEmpty()) {
            return "";
        }
        return v.toString();
    }

    private boolean bool(String key, boolean fallback) {
        Object v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true", "1", "yes", "on" -> {
                return true;
            }
            case "false", "0", "no", "off" -> {
                return false;
            }
            default -> {
                problem(key, v, "true or false");
                return fallback;
            }
        }
    }

    private String text(String key, String fallback) {
        String v = nullableText(key);
        return v == null ? fallback : v;
    }

    private @Nullable String nullableText(String key) {
        Object v = options.get(key);
        return v == null ? null : v.toString();
    }

    private Duration seconds(String key, Duration fallback) {
        Duration d = nullableSeconds(key);
        return d == null ? fallback : d;
    }

    private @Nullable Duration nullableSeconds(String key) {
        Object v = options.get(key);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal s = new BigDecimal(v.toString().trim());
            if (s.signum() > 0) {
                return Duration.ofNanos(s.movePointRight(9).longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        problem(key, v, "a positive number of seconds");
        return null;
    }

    private @Nullable Integer positiveInt(String key) {
        Object v = options.get(key);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.toString().trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key, v, "a positive integer");
        return null;
    }

    private void problem(String key, @Nullable Object value, String allowed) {
        problems.add(SETTING + "." + key + "=" + value + ": expected " + allowed);
    }
}
