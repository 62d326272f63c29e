package dev.lovage.broker.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing tables kombu keeps in Redis ({@code _kombu.binding.<exchange>} and, since 5.7,
 * {@code _kombu.binding_permanent.<exchange>} and {@code _kombu.binding_deadlines}): how a named exchange reaches
 * its queues. Exchange types live in no Redis key, so a lookup reads a member with a pattern as a topic binding and
 * one without as a direct binding, which is what the declaring process had. Thread-safe.
 */
public final class Bindings {
    private static final Logger log = LoggerFactory.getLogger(Bindings.class);
    // Mirrors kombu's MIN_BINDING_TTL and BINDING_EXPIRES_FACTOR (redis.py).
    private static final long MIN_BINDING_TTL_MS = 3_600_000;
    private final KeyLayout keys;
    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    public Bindings(KeyLayout keys) {
        this.keys = keys;
    }

    /** Binds a queue that never expires: both sets in one step, as kombu 5.7 does (older kombu ignores the second). */
    public void bind(RedisCommands<String, String> redis, String exchange, String routingKey, String pattern,
            String queue) {
        Scripts.BIND.run(redis, ScriptOutputType.INTEGER,
                new String[] {keys.bindings(exchange), keys.permanentBindings(exchange)},
                keys.member(routingKey, pattern, queue));
    }

    /**
     * Binds (or refreshes the binding of) a queue with {@code x-expires}: the table member plus the exchange's
     * deadline, {@code max(2 * x-expires, 1 h)} from now, as kombu 5.7's REFRESH_BINDING. Refresh it every third of
     * that ({@link #refreshEveryMillis}).
     */
    public void bindExpiring(RedisCommands<String, String> redis, String exchange, String routingKey, String queue,
            long expiresMillis) {
        Scripts.REFRESH_BINDING.run(redis, ScriptOutputType.INTEGER,
                new String[] {keys.bindings(exchange), keys.bindingDeadlines()},
                keys.member(routingKey, "", queue), exchange, Long.toString(ttlMillis(expiresMillis)));
    }

    /** How often an expiring binding must be refreshed to stay ahead of its deadline. */
    public static long refreshEveryMillis(long expiresMillis) {
        return ttlMillis(expiresMillis) / 3;
    }

    private static long ttlMillis(long expiresMillis) {
        return Math.max(expiresMillis * 2, MIN_BINDING_TTL_MS);
    }

    /** Deletes routing tables nobody refreshed in time (kombu 5.7's sweep, run every 60 s by its consumers). */
    public long sweep(RedisCommands<String, String> redis) {
        Long dropped = Scripts.SWEEP_BINDINGS.run(redis, ScriptOutputType.INTEGER,
                new String[] {keys.bindingDeadlines()}, keys.bindings(""), keys.permanentBindings(""), "100");
        return dropped == null ? 0 : dropped;
    }

    /** Removes a binding from both sets and deletes the queue's lists (kombu's queue_delete, redis.py _delete). */
    public void delete(RedisCommands<String, String> redis, String exchange, String routingKey, String pattern,
            String queue) {
        String member = keys.member(routingKey, pattern, queue);
        redis.srem(keys.bindings(exchange), member);
        redis.srem(keys.permanentBindings(exchange), member);
        redis.del(keys.queueKeys(queue).toArray(String[]::new));
    }

    /**
     * The queues a message for {@code exchange} with {@code routingKey} goes to ({@code Channel._lookup}): the
     * routing key itself for the default exchange {@code ""}; otherwise the table's members whose routing key
     * equals it (direct) or whose pattern matches it (topic). Empty when the table is missing: kombu then drops
     * the message.
     */
    public List<String> lookup(RedisCommands<String, String> redis, String exchange, String routingKey) {
        if (exchange.isEmpty()) {
            return List.of(routingKey);
        }
        Set<String> queues = new LinkedHashSet<>();
        for (String member : redis.smembers(keys.bindings(exchange))) {
            String[] parts = member.split(Pattern.quote(keys.sep()), -1);
            if (parts.length != 3) {
                continue;
            }
            if (parts[1].isEmpty() ? parts[0].equals(routingKey) : matches(parts[1], routingKey)) {
                queues.add(parts[2]);
            }
        }
        return new ArrayList<>(queues);
    }

    private boolean matches(String pattern, String routingKey) {
        try {
            return compiled.computeIfAbsent(pattern, Pattern::compile).matcher(routingKey).lookingAt();
        } catch (PatternSyntaxException e) {
            log.warn("Binding pattern '{}' is not a regular expression Java reads; treated as no match", pattern);
            return false;
        }
    }

    /**
     * The pattern kombu stores for a topic binding key ({@code TopicExchange.key_to_pattern}): every character
     * that is not a letter or digit, except {@code . # *}, escaped with a backslash; then each dot-separated word
     * {@code *} becomes {@code [^\.]+} and {@code #} becomes {@code .*?}; joined with {@code \.} inside
     * {@code ^...$}.
     */
    public static String topicPattern(String bindingKey) {
        StringBuilder escaped = new StringBuilder();
        bindingKey.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '.' || c == '#' || c == '*') {
                escaped.appendCodePoint(c);
            } else if (c == 0) {
                escaped.append("\\000");
            } else {
                escaped.append('\\').appendCodePoint(c);
            }
        });
        List<String> words = new ArrayList<>();
        for (String word : escaped.toString().split("\\.", -1)) {
            words.add(word.equals("*") ? "[^\\.]+" : word.equals("#") ? ".*?" : word);
        }
        return "^" + String.join("\\.", words) + "$";
    }
}
