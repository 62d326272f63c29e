package dev.lovage.broker.redis.internal;

import dev.lovage.broker.redis.RedisTransportOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key and Pub/Sub channel name kombu's Redis transport uses, byte for byte, with {@code global_keyprefix} in
 * front (kombu prefixes keys and channels client-side, {@code GlobalKeyPrefixMixin}). Immutable.
 */
public final class KeyLayout {
    private final String prefix;
    private final String sep;
    private final int[] steps;
    private final String fanoutPrefix;
    private final boolean fanoutPatterns;
    private final RedisTransportOptions options;

    /**
     * @param db the database number, substituted for {@code {db}} in {@code fanout_prefix} (Redis Pub/Sub ignores
     *           databases, so the prefix is what keeps brokers on different databases apart)
     */
    public KeyLayout(RedisTransportOptions options, int db) {
        this.options = options;
        this.prefix = options.globalKeyprefix();
        this.sep = options.sep();
        this.steps = options.prioritySteps().stream().mapToInt(Integer::intValue).toArray();
        this.fanoutPrefix = options.fanoutPrefix().replace("{db}", Integer.toString(db));
        this.fanoutPatterns = options.fanoutPatterns();
    }

    public String sep() {
        return sep;
    }

    /** {@code name} with the global prefix. */
    public String key(String name) {
        return prefix + name;
    }

    /** The global prefix ("" without one). */
    public String prefix() {
        return prefix;
    }

    public String unacked() {
        return prefix + options.unackedKey();
    }

    public String unackedIndex() {
        return prefix + options.unackedIndexKey();
    }

    public String unackedMutex() {
        return prefix + options.unackedMutexKey();
    }

    // Mirrors virtual Channel._get_message_priority (clamped to 0..9, 0 when absent or not an int) and
    // Channel.priority: steps[bisect_right(steps, n) - 1], where -1 wraps to the last step as Python's index does.
    /** The priority step a message of {@code priority} is stored under. */
    public int step(int priority) {
        int p = Math.max(0, Math.min(9, priority));
        int i = 0;
        while (i < steps.length && steps[i] <= p) {
            i++;
        }
        return steps[i == 0 ? steps.length - 1 : i - 1];
    }

    /** The list holding messages of {@code priority} in {@code queue}: the bare name for step 0. */
    public String queueKey(String queue, int priority) {
        int step = step(priority);
        return prefix + (step == 0 ? queue : queue + sep + step);
    }

    /** Every list of {@code queue}, one per step, in step order. */
    public List<String> queueKeys(String queue) {
        List<String> keys = new ArrayList<>(steps.length);
        for (int step : steps) {
            keys.add(prefix + (step == 0 ? queue : queue + sep + step));
        }
        return keys;
    }

    /**
     * The lists of {@code queues} in the order kombu's BRPOP names them: priority-major, so step 0 of every queue
     * comes before step 3 of any ({@code Channel._brpop_start}).
     */
    public List<String> consumeOrder(List<String> queues) {
        List<String> keys = new ArrayList<>(steps.length * queues.size());
        for (int step : steps) {
            for (String q : queues) {
                keys.add(prefix + (step == 0 ? q : q + sep + step));
            }
        }
        return keys;
    }

    /** The queue a list belongs to: the list name without the prefix and the step suffix. */
    public String queueOf(String listKey) {
        String name = listKey.startsWith(prefix) ? listKey.substring(prefix.length()) : listKey;
        int at = name.lastIndexOf(sep);
        return at < 0 ? name : name.substring(0, at);
    }

    public int stepCount() {
        return steps.length;
    }

    /** {@code _kombu.binding.<exchange>}: the exchange's routing table. */
    public String bindings(String exchange) {
        return prefix + "_kombu.binding." + exchange;
    }

    /** {@code _kombu.binding_permanent.<exchange>} (kombu 5.7): bindings of queues that never expire. */
    public String permanentBindings(String exchange) {
        return prefix + "_kombu.binding_permanent." + exchange;
    }

    /** {@code _kombu.binding_deadlines} (kombu 5.7): when each exchange with expiring queues may be swept. */
    public String bindingDeadlines() {
        return prefix + "_kombu.binding_deadlines";
    }

    /** A binding member: {@code <routing_key><sep><pattern><sep><queue>}. */
    public String member(String routingKey, String pattern, String queue) {
        return routingKey + sep + pattern + sep + queue;
    }

    /**
     * The channel a broadcast on {@code exchange} is published to ({@code Channel._get_publish_topic}):
     * {@code <prefix>/<db>.<exchange>}, plus {@code /<routing key>} when fanout_patterns is on and there is one.
     */
    public String fanoutChannel(String exchange, String routingKey) {
        String topic = fanoutPrefix + exchange;
        return prefix + (fanoutPatterns && !routingKey.isEmpty() ? topic + "/" + routingKey : topic);
    }

    /**
     * The pattern a subscriber to {@code exchange} with {@code bindingKey} PSUBSCRIBEs to: the publish channel with
     * {@code #} read as {@code *} ({@code Channel._queue_bind} and {@code _subscribe}).
     */
    public String fanoutPattern(String exchange, String bindingKey) {
        return fanoutChannel(exchange, bindingKey.replace('#', '*'));
    }
}
