package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.codec.PyJson;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts messages back on their queues, as kombu's {@code restore_by_tag} and {@code restore_visible} do (redis.py
 * QoS), each restore one atomic script: this consumer's own messages (requeue, shutdown) and, under
 * {@code unacked_mutex}, anyone's message whose lease is older than {@code visibility_timeout}, so Python and
 * Lovage workers restore each other's work. Thread-safe.
 */
public final class Restorer {
    private static final Logger log = LoggerFactory.getLogger(Restorer.class);
    private static final int DEFAULT_SCAN_LIMIT = 1000;
    private final RedisLink link;

    public Restorer(RedisLink link) {
        this.link = link;
    }

    /** Outcome of one restore. */
    public enum Result { RESTORED, GONE, TAKEN }

    /**
     * Restores a message this consumer holds: to the head of its queue (RPUSH, consumed next; a shutdown) or, with
     * {@code leftmost}, the tail (LPUSH; a reject with requeue, as kombu's {@code restore_by_tag(leftmost=True)}).
     * The queues come from the message's exchange and routing key as now bound, else the queue it came from.
     */
    public Result restoreOwn(Held h, boolean leftmost) {
        RedisCommands<String, String> redis = link.sync();
        List<String> targets = targets(redis, h.envelope(), h.queue());
        String payload = h.envelope().redeliveredCopy();
        if (h.recordSha() == null) {
            // Without ack emulation nothing was recorded: push it back, nothing else.
            for (String list : targets) {
                if (leftmost) {
                    redis.lpush(list, payload);
                } else {
                    redis.rpush(list, payload);
                }
            }
            return Result.RESTORED;
        }
        return run(redis, h.deliveryTag(), h.recordSha(), payload, targets, leftmost);
    }

    /**
     * One {@code restore_visible} scan: unless another process holds {@code unacked_mutex}, restores every message
     * whose {@code unacked_index} score is older than the visibility timeout, newest first (so the oldest ends up
     * at the head, consumed first, as with kombu), skipping the tags this process holds.
     *
     * @return how many were restored
     */
    public int scan(Supplier<Set<String>> ownTags) {
        RedisCommands<String, String> redis = link.sync();
        KeyLayout keys = link.keys();
        String token = UUID.randomUUID().toString().replace("-", "");
        long expireMs = link.options().unackedMutexExpire().toMillis();
        if (!"OK".equals(redis.set(keys.unackedMutex(), token, SetArgs.Builder.nx().px(expireMs)))) {
            return 0;
        }
        try {
            double ceiling = link.clock().millis() / 1000.0 - link.options().visibilityTimeout().toMillis() / 1000.0;
            Integer limit = link.options().unackedRestoreLimit();
            List<String> due = redis.zrangebyscore(keys.unackedIndex(), Range.create(Double.NEGATIVE_INFINITY,
                    ceiling), Limit.create(0, limit == null ? DEFAULT_SCAN_LIMIT : limit));
            Set<String> own = ownTags.get();
            int restored = 0;
            for (int i = due.size() - 1; i >= 0; i--) {
                String tag = due.get(i);
                if (!own.contains(tag) && restoreAbandoned(redis, tag) == Result.RESTORED) {
                    restored++;
                }
            }
            if (restored > 0) {
                log.info("Restored {} message(s) unacknowledged for longer than visibility_timeout ({} s)", restored,
                        link.options().visibilityTimeout().toSeconds());
            }
            return restored;
        } finally {
            Scripts.UNLOCK.run(redis, ScriptOutputType.INTEGER, new String[] {keys.unackedMutex()}, token);
        }
    }

    private Result restoreAbandoned(RedisCommands<String, String> redis, String tag) {
        String record = redis.hget(link.keys().unacked(), tag);
        if (record == null) {
            redis.zrem(link.keys().unackedIndex(), tag);
            return Result.GONE;
        }
        Envelope envelope;
        String exchange;
        String routingKey;
        try {
            if (!(PyJson.read(record) instanceof List<?> parts) || parts.size() != 3
                    || !(parts.get(0) instanceof Map<?, ?> message)) {
                throw new ProtocolException(ProtocolException.Reason.DECODE_ERROR, "not [message, exchange, key]");
            }
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> tree = (Map<String, @Nullable Object>) message;
            envelope = Envelope.of(tree);
            exchange = String.valueOf(parts.get(1));
            routingKey = String.valueOf(parts.get(2));
        } catch (ProtocolException e) {
            log.error("Cannot restore message {}: its unacked record is unreadable ({}); left in place", tag,
                    e.getMessage());
            return Result.TAKEN;
        }
        List<String> queues = link.bindings().lookup(redis, exchange, routingKey);
        if (queues.isEmpty()) {
            // kombu would commit the removal without a push and lose the message; Lovage leaves it recorded.
            log.warn("Cannot restore message {}: exchange '{}' has no binding for routing key '{}'; left in unacked",
                    tag, exchange, routingKey);
            return Result.TAKEN;
        }
        List<String> targets = new ArrayList<>();
        queues.forEach(q -> targets.add(link.keys().queueKey(q, envelope.priority())));
        return run(redis, tag, Script.sha1Hex(record), envelope.redeliveredCopy(), targets, false);
    }

    private List<String> targets(RedisCommands<String, String> redis, Envelope envelope, String fallbackQueue) {
        List<String> queues = link.bindings().lookup(redis, envelope.exchange(), envelope.routingKey());
        if (queues.isEmpty()) {
            queues = List.of(fallbackQueue);
        }
        List<String> targets = new ArrayList<>(queues.size());
        queues.forEach(q -> targets.add(link.keys().queueKey(q, envelope.priority())));
        return targets;
    }

    private Result run(RedisCommands<String, String> redis, String tag, String sha, String payload,
            List<String> targets, boolean leftmost) {
        List<String> k = new ArrayList<>(2 + targets.size());
        k.add(link.keys().unacked());
        k.add(link.keys().unackedIndex());
        k.addAll(targets);
        Long r = Scripts.RESTORE.run(redis, ScriptOutputType.INTEGER, k.toArray(String[]::new), tag, sha, payload,
                leftmost ? "L" : "R");
        return r != null && r == 1 ? Result.RESTORED : r != null && r == 0 ? Result.GONE : Result.TAKEN;
    }
}
