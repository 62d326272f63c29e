package dev.lovage.broker.redis;

import dev.lovage.broker.redis.internal.OptionReader;
import dev.lovage.worker.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code broker_transport_options} of a Redis broker, under kombu's option names and with kombu 5.7's
 * defaults ({@code kombu/transport/redis.py Channel}). The options marked "must match" change names on the wire:
 * every Python producer, Python worker and Lovage worker sharing the Redis must use the same values.
 *
 * @param visibilityTimeout      {@code visibility_timeout} (3600 s): a message recorded in {@code unacked} longer
 *                               than this without its holder renewing it is restored to its queue. The shortest
 *                               value among all participants wins, so it must match
 * @param globalKeyprefix        {@code global_keyprefix} (""): put before every key and Pub/Sub channel; must match
 * @param prioritySteps          {@code priority_steps} ([0, 3, 6, 9]): one list per step; must match
 * @param sep                    {@code sep} ("\x06\x16"): between a queue and its step, and in binding members;
 *                               must match
 * @param queueOrderStrategy     {@code queue_order_strategy} (round_robin): which queue this consumer tries first
 * @param fanoutPrefix           {@code fanout_prefix} (true, which is "/{db}."): before broadcast channel names,
 *                               "" when false, {@code {db}} replaced by the database number; must match
 * @param fanoutPatterns         {@code fanout_patterns} (true): broadcast channels carry the routing key; must match
 * @param masterName             {@code master_name}: the Sentinel master, required with {@code sentinel://}
 * @param unackedKey             {@code unacked_key} ("unacked"); must match
 * @param unackedIndexKey        {@code unacked_index_key} ("unacked_index"); must match
 * @param unackedMutexKey        {@code unacked_mutex_key} ("unacked_mutex"); must match
 * @param unackedMutexExpire     {@code unacked_mutex_expire} (300 s): how long a restorer may hold the lock
 * @param unackedRestoreLimit    {@code unacked_restore_limit} (none): most messages restored per scan
 * @param unackedRestoreInterval {@code unacked_restore_interval}: seconds between restore scans; unset, Lovage
 *                               derives it from the visibility timeout (see {@link #restoreInterval()})
 * @param ackEmulation           {@code ack_emulation} (true): false pops messages without recording them, so a
 *                               crash loses what was popped (kombu's behaviour with the option off)
 * @param socketTimeout          {@code socket_timeout}: the command timeout (default 5 s)
 * @param socketConnectTimeout   {@code socket_connect_timeout}: the connect timeout (default broker_connection_timeout)
 * @param clientName             {@code client_name}: the name Redis shows for the connections
 * @param raw                    every option as given, as text (JSON for lists and objects), for the URL parser
 *                               ({@code master_name}, {@code sentinel_kwargs})
 * @since 0.2
 */
public record RedisTransportOptions(Duration visibilityTimeout, String globalKeyprefix, List<Integer> prioritySteps,
        String sep, QueueOrder queueOrderStrategy, String fanoutPrefix, boolean fanoutPatterns,
        @Nullable String masterName, String unackedKey, String unackedIndexKey, String unackedMutexKey,
        Duration unackedMutexExpire, @Nullable Integer unackedRestoreLimit, @Nullable Duration unackedRestoreInterval,
        boolean ackEmulation, @Nullable Duration socketTimeout, @Nullable Duration socketConnectTimeout,
        @Nullable String clientName, Map<String, String> raw) {

    /** kombu's separator between a queue name and its priority step, and between binding member fields. */
    public static final String DEFAULT_SEP = "\u0006\u0016";
    /** kombu's {@code PRIORITY_STEPS}. */
    public static final List<Integer> DEFAULT_PRIORITY_STEPS = List.of(0, 3, 6, 9);
    /** kombu's default {@code visibility_timeout}. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofHours(1);
    /** kombu's default {@code fanout_prefix} when the option is true. */
    public static final String DEFAULT_FANOUT_PREFIX = "/{db}.";
    /** All defaults: what an empty {@code broker_transport_options} means. */
    public static final RedisTransportOptions DEFAULTS = from(Map.of());

    /** kombu's {@code queue_order_strategy}: which consumed queue a consumer polls first. */
    public enum QueueOrder {
        /** The queue a message came from moves to the end ({@code round_robin_cycle}); the default. */
        ROUND_ROBIN,
        /** Always the order the queues were given in ({@code priority_cycle}). */
        PRIORITY,
        /** Alphabetical ({@code sorted_cycle}). */
        SORTED
    }

    public RedisTransportOptions {
        prioritySteps = List.copyOf(prioritySteps);
        raw = Map.copyOf(raw);
    }

    /**
     * Reads {@code broker_transport_options}: values as JSON gives them (numbers, strings, booleans, lists), or as
     * text. Options of kombu's Redis transport that do not apply to Lovage are accepted and ignored; unknown ones
     * are ignored too, as kombu ignores them (a shared configuration may carry another transport's options).
     *
     * @throws ConfigException listing every invalid value at once
     */
    public static RedisTransportOptions from(Map<String, ?> options) {
        return OptionReader.read(options);
    }

    /**
     * Seconds between scans for messages whose visibility timeout passed: {@code unacked_restore_interval} when
     * given, else half the visibility timeout, at least 0.5 s and at most 10 s. kombu scans every ~100 s whatever
     * the timeout (its interval 10 s times its throttle 10), so a message abandoned by a crashed worker waits up to
     * the timeout plus 100 s; with Lovage in the fleet it waits the timeout plus at most 10 s.
     */
    public Duration restoreInterval() {
        if (unackedRestoreInterval != null) {
            return unackedRestoreInterval;
        }
        Duration half = visibilityTimeout.dividedBy(2);
        Duration floor = Duration.ofMillis(500);
        Duration ceiling = Duration.ofSeconds(10);
        return half.compareTo(floor) < 0 ? floor : half.compareTo(ceiling) > 0 ? ceiling : half;
    }

    /**
     * How often a held message's lease ({@code unacked_index} score) is renewed: a quarter of the visibility
     * timeout, at least 0.1 s and at most 30 s. A quarter leaves three renewals' margin before any restorer may
     * see the message as abandoned, even with a stalled renewal or a clock a little behind the restorer's.
     */
    public Duration leaseRenewalInterval() {
        Duration quarter = visibilityTimeout.dividedBy(4);
        Duration floor = Duration.ofMillis(100);
        Duration ceiling = Duration.ofSeconds(30);
        return quarter.compareTo(floor) < 0 ? floor : quarter.compareTo(ceiling) > 0 ? ceiling : quarter;
    }
}
