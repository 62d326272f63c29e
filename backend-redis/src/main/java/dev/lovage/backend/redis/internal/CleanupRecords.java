package dev.lovage.backend.redis.internal;

import dev.lovage.protocol.codec.PyJson;
import dev.lovage.cleanup.ChordCleanupStore;
import dev.lovage.cleanup.ChordCleanupStore.DeadLetter;
import dev.lovage.cleanup.ChordCleanupStore.Pending;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Redis side of {@code dev.lovage.cleanup.ChordCleanupStore}: Lovage's own keys (Celery has no equivalent) for
 * pending chord cleanups. A set of header ids per chord expiring with result_expires, a sorted set of chords
 * awaiting their callback scored by when they were recorded, and a list of dead letters. Thread-safe.
 */
public final class CleanupRecords implements ChordCleanupStore {
    private static final String PENDING = "lovage-cleanup-pending";
    private static final String DEAD = "lovage-cleanup-dead";

    private final ConnectionRetry redis;
    private final Scripts scripts;
    private final Keys keys;
    private final long expiresSeconds;
    private final InstantSource clock;

    public CleanupRecords(ConnectionRetry redis, Scripts scripts, Keys keys, long expiresSeconds,
            InstantSource clock) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.expiresSeconds = expiresSeconds;
        this.clock = clock;
    }

    private String headersKey(String groupId) {
        return keys.group(groupId).replace(Keys.GROUP, "lovage-cleanup-headers-");
    }

    private static String member(String groupId, String callbackId) {
        return groupId + "|" + callbackId;
    }

    @Override
    public void recordHeaders(String groupId, String callbackId, Set<String> headerIds) {
        if (headerIds.isEmpty()) {
            return;
        }
        String key = headersKey(groupId);
        double now = clock.millis() / 1000.0;
        redis.run("record chord headers of " + groupId, r -> {
            r.sadd(key, headerIds.toArray(String[]::new));
            if (expiresSeconds > 0) {
                r.expire(key, expiresSeconds);
            }
            return r.zadd(PENDING, ZAddArgs.Builder.nx(), now, member(groupId, callbackId));
        });
    }

    @Override
    public List<Pending> pending(Instant olderThan, int limit) {
        List<ScoredValue<String>> members = redis.run("read pending chord cleanups", r -> r.zrangebyscoreWithScores(
                PENDING, Range.create(Double.NEGATIVE_INFINITY, olderThan.toEpochMilli() / 1000.0),
                Limit.create(0, limit)));
        List<Pending> out = new ArrayList<>();
        for (ScoredValue<String> m : members) {
            String[] ids = m.getValue().split("\\|", 2);
            if (ids.length == 2) {
                out.add(new Pending(ids[0], ids[1], Instant.ofEpochMilli((long) (m.getScore() * 1000))));
            }
        }
        return out;
    }

    @Override
    public Set<String> headers(String groupId) {
        return redis.run("read chord headers of " + groupId, r -> r.smembers(headersKey(groupId)));
    }

    @Override
    public long forgetChord(String groupId, String callbackId) {
        String base = keys.group(groupId);
        // The "done" marker (.c) goes too: the callback has succeeded, and it would otherwise linger 300 s.
        String[] keyArgs = {headersKey(groupId), base, base + ".j", base + ".t", base + ".s", base + ".d",
                base + ".c", PENDING};
        Long deleted = redis.run("forget chord " + groupId, r -> scripts.run(r, ChordScripts.FORGET,
                ScriptOutputType.INTEGER, keyArgs, keys.taskPrefix(), callbackId, member(groupId, callbackId)));
        return deleted == null ? 0 : deleted;
    }

    @Override
    public void dropRecord(String groupId, String callbackId) {
        redis.run("drop the cleanup record of " + groupId, r -> {
            r.unlink(headersKey(groupId));
            return r.zrem(PENDING, member(groupId, callbackId));
        });
    }

    @Override
    public void deadLetter(Pending pending, String reason) {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("group_id", pending.groupId());
        letter.put("callback_id", pending.callbackId());
        letter.put("reason", reason);
        letter.put("at", clock.instant().toString());
        redis.run("dead-letter the cleanup of " + pending.groupId(), r -> {
            r.lpush(DEAD, PyJson.write(letter));
            return r.zrem(PENDING, member(pending.groupId(), pending.callbackId()));
        });
    }

    @Override
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (String raw : redis.run("read dead letters", r -> r.lrange(DEAD, 0, -1))) {
            Map<?, ?> m = (Map<?, ?>) PyJson.read(raw);
            out.add(new DeadLetter(String.valueOf(m.get("group_id")), String.valueOf(m.get("callback_id")),
                    String.valueOf(m.get("reason")), Instant.parse(String.valueOf(m.get("at")))));
        }
        return out;
    }

    @Override
    public int replayDeadLetters() {
        int n = 0;
        for (DeadLetter d : deadLetters()) {
            redis.run("replay " + d.groupId(), r -> r.zadd(PENDING, 0, member(d.groupId(), d.callbackId())));
            n++;
        }
        redis.run("clear dead letters", r -> r.del(DEAD));
        return n;
    }

    @Override
    public @Nullable Duration recordExpiry() {
        return expiresSeconds == 0 ? null : Duration.ofSeconds(expiresSeconds);
    }
}
