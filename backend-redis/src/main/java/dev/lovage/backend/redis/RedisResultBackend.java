package dev.lovage.backend.redis;

import dev.lovage.backend.redis.internal.Keys;
import dev.lovage.backend.redis.internal.RedisUrls;
import dev.lovage.backend.redis.internal.ResultMetaCodec;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ChordCleanupStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Set;
import dev.lovage.backend.redis.internal.ChordScripts;
import dev.lovage.backend.redis.internal.Scripts;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.PyJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.internal.UrlMasker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's Redis result backend for Lovage workers, on Lettuce. A stored result is the same JSON, under the same
 * key, with the same expiry, announced on the same Pub/Sub channel as a Python worker's, so a Python client blocked
 * in {@code AsyncResult.get()} wakes at once.
 *
 * <p>Thread-safe: one connection serves every task thread. Connection errors are retried as Celery's
 * {@code RedisBackend.ensure} does (20 times, one second apart) before a {@link BackendException}.
 * {@link #connect} owns its client and closes it; {@link #using} borrows a connection and never closes it.
 *
 * @since 0.1
 */
public final class RedisResultBackend implements ResultBackend, ChordBackend, ChordCleanupStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisResultBackend.class);
    private static final int MAX_RETRIES = 20;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    // Celery 5.7: the claim lasts twice result_chord_join_timeout (3 s), at least 5 s; the done marker 300 s.
    private static final long CLAIM_SECONDS = 6;
    private static final long DONE_SECONDS = 300;

    // Mirrors celery/backends/redis.py RedisBackend.set: do not overwrite a stored SUCCESS, then SETEX (or SET when
    // results never expire) and PUBLISH the same JSON on the key's channel. Python does GET, then MULTI/EXEC; a
    // script does the same atomically on a connection shared by many threads. The stored value, its TTL and the
    // message published are identical.
    private static final String STORE_SCRIPT = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local ok, doc = pcall(cjson.decode, current)
              if ok and type(doc) == 'table' and doc['status'] == 'SUCCESS' then
                return 0
              end
            end
            if ARGV[2] == '0' then
              redis.call('SET', KEYS[1], ARGV[1])
            else
              redis.call('SETEX', KEYS[1], ARGV[2], ARGV[1])
            end
            redis.call('PUBLISH', KEYS[1], ARGV[1])
            return 1
            """;

    private final @Nullable RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final long expiresSeconds;
    private final String description;
    private final boolean chordOrdered;
    private final Scripts scripts = new Scripts();

    private RedisResultBackend(@Nullable RedisClient client, StatefulRedisConnection<String, String> connection,
            @Nullable Duration expires, String globalKeyprefix, String description, boolean chordOrdered) {
        this.client = client;
        this.connection = connection;
        this.keys = new Keys(globalKeyprefix);
        this.expiresSeconds = expires == null ? 0 : Math.max(1, expires.toSeconds());
        this.description = description;
        this.chordOrdered = chordOrdered;
    }

    /** Connects to {@code result_backend} with {@code result_expires} and the transport options of {@code config}. */
    public static RedisResultBackend connect(CeleryConfig config) {
        String url = config.resultBackend();
        if (url == null) {
            throw new IllegalArgumentException("result_backend is not set");
        }
        return connect(url, config.resultExpires(), config.resultBackendTransportOptions());
    }

    /**
     * Connects to {@code url} (Celery's spellings: redis://, rediss://, redis+socket://, sentinel://).
     *
     * @param expires null stores results without expiry
     * @throws BackendException if Redis cannot be reached
     */
    public static RedisResultBackend connect(String url, @Nullable Duration expires,
            Map<String, String> transportOptions) {
        RedisURI uri = RedisUrls.parse(url, transportOptions, COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            RedisResultBackend backend = new RedisResultBackend(client, connection, expires,
                    transportOptions.getOrDefault("global_keyprefix", ""), UrlMasker.mask(url),
                    !"false".equalsIgnoreCase(transportOptions.getOrDefault("result_chord_ordered", "true")));
            return backend;
        } catch (RedisException e) {
            client.shutdown();
            throw new BackendException("cannot connect to result backend " + UrlMasker.mask(url) + ": "
                    + e.getMessage(), e, true);
        }
    }

    /** Uses a connection someone else owns; {@link #close()} leaves it open. */
    public static RedisResultBackend using(StatefulRedisConnection<String, String> connection,
            @Nullable Duration expires) {
        return new RedisResultBackend(null, connection, expires, "", "redis (borrowed connection)", true);
    }

    @Override
    public void store(ResultMeta meta) {
        String key = keys.task(meta.taskId());
        String json = ResultMetaCodec.encode(meta);
        retrying("store the result of " + meta.taskId(), redis -> scripts.run(redis, STORE_SCRIPT,
                ScriptOutputType.INTEGER, new String[] {key}, json, Long.toString(expiresSeconds)));
    }

    // Mirrors celery/backends/redis.py (5.7) on_chord_part_return: the part [1, id, state, result] in Python's
    // JSON goes into the join once per task id and index; the worker that completes the join claims it.
    @Override
    public @Nullable Join addPart(String groupId, String taskId, @Nullable Integer groupIndex, TaskState state,
            @Nullable Object result) {
        String base = keys.group(groupId);
        String part = PyJson.write(Arrays.asList(1, taskId, state.name(), result));
        String token = UUID.randomUUID().toString().replace("-", "");
        String expires = Long.toString(expiresSeconds);
        List<Object> reply = retrying("record chord part " + taskId, redis -> scripts.run(redis,
                ChordScripts.ADD_PART, ScriptOutputType.MULTI,
                new String[] {base + ".j", base + ".t", base + ".s", base + ".d", base, base + ".c"},
                taskId, part, chordOrdered ? "1" : "0", groupIndex == null ? "+inf" : groupIndex.toString(),
                expires, expires, Long.toString(CLAIM_SECONDS), token));
        if (reply.size() < 4 || !Long.valueOf(1).equals(reply.get(3))) {
            return null;
        }
        List<Part> parts = new ArrayList<>(reply.size() - 4);
        for (Object member : reply.subList(4, reply.size())) {
            List<?> p = (List<?>) PyJson.read(String.valueOf(member));
            TaskState s = TaskState.valueOf(String.valueOf(p.get(2)));
            parts.add(new Part(String.valueOf(p.get(1)), s, ResultMetaCodec.resultOf(s, p.get(3))));
        }
        return new Join(token, parts);
    }

    @Override
    public boolean extendClaim(String groupId, String claimToken, Duration ttl) {
        String base = keys.group(groupId);
        Long done = retrying("extend the claim on chord " + groupId, redis -> scripts.run(redis,
                ChordScripts.EXTEND_CLAIM, ScriptOutputType.INTEGER, new String[] {base + ".c", base + ".s"},
                claimToken, Long.toString(Math.max(1, ttl.toSeconds()))));
        return done != null && done == 1;
    }

    @Override
    public boolean finishChord(String groupId, String claimToken) {
        String base = keys.group(groupId);
        Long done = retrying("clean up chord " + groupId, redis -> scripts.run(redis, ChordScripts.FINISH,
                ScriptOutputType.INTEGER, new String[] {base + ".c", base + ".j", base + ".t", base + ".s",
                        base + ".d"}, claimToken, Long.toString(DONE_SECONDS)));
        return done != null && done == 1;
    }

    @Override
    public void abandonChord(String groupId) {
        String key = keys.group(groupId) + ".s";
        retrying("drop the size of chord " + groupId, redis -> redis.del(key));
    }

    // Mirrors set_chord_size (5.7): a frozen chord applied again is a new run, so the done marker goes first.
    @Override
    public void setChordSize(String groupId, int size) {
        String base = keys.group(groupId);
        retrying("set the size of chord " + groupId, redis -> {
            redis.del(base + ".c");
            return expiresSeconds > 0 ? redis.setex(base + ".s", expiresSeconds, Integer.toString(size))
                    : redis.set(base + ".s", Integer.toString(size));
        });
    }

    @Override
    public @Nullable ResultMeta get(String taskId) {
        String json = retrying("read the result of " + taskId, redis -> redis.get(keys.task(taskId)));
        return json == null ? null : ResultMetaCodec.decode(json);
    }

    @Override
    public void forget(String taskId) {
        retrying("forget " + taskId, redis -> redis.del(keys.task(taskId)));
    }

    // Pending chord cleanups (the cleanup module): a set of header ids per chord, a sorted set of chords awaiting
    // their callback, a list of dead letters. Lovage's own keys, expiring with result_expires.
    private static final String PENDING = "lovage-cleanup-pending";
    private static final String DEAD = "lovage-cleanup-dead";

    private String headersKey(String groupId) {
        return keys.group(groupId).replace(Keys.GROUP, "lovage-cleanup-headers-");
    }

    @Override
    public void recordHeaders(String groupId, String callbackId, Set<String> headerIds) {
        if (headerIds.isEmpty()) {
            return;
        }
        String key = headersKey(groupId);
        retrying("record chord headers of " + groupId, redis -> {
            redis.sadd(key, headerIds.toArray(String[]::new));
            if (expiresSeconds > 0) {
                redis.expire(key, expiresSeconds);
            }
            return redis.zadd(PENDING, ZAddArgs.Builder.nx(), System.currentTimeMillis() / 1000.0,
                    groupId + "|" + callbackId);
        });
    }

    @Override
    public List<Pending> pending(Instant olderThan, int limit) {
        List<ScoredValue<String>> members = retrying("read pending chord cleanups", redis -> redis.zrangebyscoreWithScores(
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
        return retrying("read chord headers of " + groupId, redis -> redis.smembers(headersKey(groupId)));
    }

    @Override
    public long forgetChord(String groupId, String callbackId) {
        String base = keys.group(groupId);
        // The "done" marker (.c) goes too: the callback has succeeded, and it would otherwise linger 300 s.
        String[] keyArgs = {headersKey(groupId), base, base + ".j", base + ".t", base + ".s", base + ".d",
                base + ".c", PENDING};
        Long deleted = retrying("forget chord " + groupId, redis -> scripts.run(redis, ChordScripts.FORGET,
                ScriptOutputType.INTEGER, keyArgs, keys.task("x").substring(0, keys.task("x").length() - 1),
                callbackId, groupId + "|" + callbackId));
        return deleted == null ? 0 : deleted;
    }

    @Override
    public void dropRecord(String groupId, String callbackId) {
        retrying("drop the cleanup record of " + groupId, redis -> {
            redis.unlink(headersKey(groupId));
            return redis.zrem(PENDING, groupId + "|" + callbackId);
        });
    }

    @Override
    public void deadLetter(Pending pending, String reason) {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("group_id", pending.groupId());
        letter.put("callback_id", pending.callbackId());
        letter.put("reason", reason);
        letter.put("at", Instant.now().toString());
        retrying("dead-letter the cleanup of " + pending.groupId(), redis -> {
            redis.lpush(DEAD, PyJson.write(letter));
            return redis.zrem(PENDING, pending.groupId() + "|" + pending.callbackId());
        });
    }

    @Override
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (String raw : retrying("read dead letters", redis -> redis.lrange(DEAD, 0, -1))) {
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
            retrying("replay " + d.groupId(), redis -> redis.zadd(PENDING, 0, d.groupId() + "|" + d.callbackId()));
            n++;
        }
        retrying("clear dead letters", redis -> redis.del(DEAD));
        return n;
    }

    @Override
    public @Nullable Duration recordExpiry() {
        return expiresSeconds == 0 ? null : Duration.ofSeconds(expiresSeconds);
    }

    /** True when Redis answers a PING now. */
    public boolean isConnected() {
        try {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** Runs {@code command}, retrying connection errors like Celery's {@code RedisBackend.ensure}. */
    private <T> T retrying(String what, Function<RedisCommands<String, String>, T> command) {
        for (int attempt = 0; ; attempt++) {
            try {
                return command.apply(connection.sync());
            } catch (RedisConnectionException | RedisCommandTimeoutException e) {
                if (attempt >= MAX_RETRIES) {
                    throw new BackendException("could not " + what + " on " + description + " after " + MAX_RETRIES
                            + " retries: " + e.getMessage(), e, true);
                }
                log.warn("Connection to Redis lost: Retry ({}/{}) {}.", attempt + 1, MAX_RETRIES, e.getMessage());
                sleep(attempt == 0 ? Duration.ZERO : Duration.ofSeconds(1));
            } catch (RedisException e) {
                if (isDisconnected(e) && attempt < MAX_RETRIES) {
                    log.warn("Connection to Redis lost: Retry ({}/{}) {}.", attempt + 1, MAX_RETRIES, e.getMessage());
                    sleep(attempt == 0 ? Duration.ZERO : Duration.ofSeconds(1));
                    continue;
                }
                throw new BackendException("could not " + what + " on " + description + ": " + e.getMessage(), e,
                        isDisconnected(e));
            }
        }
    }

    private static boolean isDisconnected(RedisException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("not connected") || m.contains("Connection closed") || m.contains("disconnected");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for Redis", e, true);
        }
    }

    /** Closes the connection and client this backend created; a borrowed connection stays open. */
    @Override
    public void close() {
        if (client != null) {
            connection.close();
            client.shutdown();
        }
    }
}
