package dev.lovage.backend.redis;

import dev.lovage.backend.redis.internal.ChordJoin;
import dev.lovage.backend.redis.internal.CleanupRecords;
import dev.lovage.backend.redis.internal.ConnectionRetry;
import dev.lovage.backend.redis.internal.GroupStore;
import dev.lovage.backend.redis.internal.Keys;
import dev.lovage.backend.redis.internal.LettuceClient;
import dev.lovage.protocol.codec.ResultMetaCodec;
import dev.lovage.backend.redis.internal.Scripts;
import dev.lovage.backend.redis.internal.ResultStore;
import dev.lovage.backend.redis.internal.StorePipeline;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ChordBackend;
import dev.lovage.cleanup.ChordCleanupStore;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.Sleeper;
import dev.lovage.worker.UrlMasker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Celery's Redis result backend for Lovage workers, on Lettuce. A stored result is the same JSON, under the same
 * key, with the same expiry, announced on the same Pub/Sub channel as a Python worker's, so a Python client blocked
 * in {@code AsyncResult.get()} wakes at once. It also joins chords natively ({@link ChordBackend}) and keeps the
 * records of Lovage's chord cleanup ({@link #cleanupStore()}).
 *
 * <p>Thread-safe: one Lettuce connection serves every task thread. Connection errors are retried as Celery's
 * {@code RedisBackend.ensure} does (20 retries, the first at once, then one second apart) before a
 * {@link BackendException} whose {@code isConnectionError()} is true. Commands fail within {@link #COMMAND_TIMEOUT},
 * and at once while the connection is down, so that retrying is what waits for Redis.
 *
 * <p>Ownership: {@link #connect} creates a client that {@link #close()} shuts down; {@link #using} borrows a
 * connection and never closes it.
 *
 * @since 0.1
 */
public final class RedisResultBackend implements ResultBackend, ChordBackend, AutoCloseable {
    /** How long one Redis command may take before it counts as a connection error. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private final @Nullable LettuceClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final long expiresSeconds;
    private final String description;
    private final ConnectionRetry redis;
    private final Scripts scripts = new Scripts();
    private final ChordJoin chords;
    private final CleanupRecords cleanup;
    private final GroupStore groups;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ResultStore results;

    private RedisResultBackend(@Nullable LettuceClient client, StatefulRedisConnection<String, String> connection,
            @Nullable StatefulRedisConnection<byte[], byte[]> storeConnection, @Nullable Duration expires,
            Map<String, String> transportOptions, String description) {
        this.client = client;
        this.connection = connection;
        this.keys = Keys.from(transportOptions);
        this.expiresSeconds = expiresSeconds(expires);
        this.description = description;
        this.redis = new ConnectionRetry(connection::sync, description, Sleeper.REAL);
        this.results = new ResultStore(redis, scripts, keys, expiresSeconds,
                storeConnection == null ? null : new StorePipeline(storeConnection));
        boolean ordered = !"false".equalsIgnoreCase(transportOptions.getOrDefault("result_chord_ordered", "true"));
        this.chords = new ChordJoin(redis, scripts, keys, expiresSeconds, ordered);
        this.cleanup = new CleanupRecords(redis, scripts, keys, expiresSeconds, InstantSource.system());
        this.groups = new GroupStore(redis, keys, expiresSeconds);
    }

    // Mirrors RedisBackend.__init__ (expires_type=int) and set(): int(total_seconds()); 0 stores without expiry.
    private static long expiresSeconds(@Nullable Duration expires) {
        if (expires != null && expires.isNegative()) {
            throw new IllegalArgumentException("result_expires must not be negative: " + expires);
        }
        return expires == null ? 0 : expires.toSeconds();
    }

    /**
     * Connects to {@code result_backend} with the {@code result_expires} and
     * {@code result_backend_transport_options} of {@code config}. The returned backend owns its client.
     *
     * @throws IllegalArgumentException if result_backend is unset or not a Redis URL Lovage understands
     * @throws BackendException         if Redis cannot be reached now
     */
    public static RedisResultBackend connect(CeleryConfig config) {
        String url = config.resultBackend();
        if (url == null) {
            throw new IllegalArgumentException("result_backend is not set");
        }
        return connect(url, config.resultExpires(), config.resultBackendTransportOptions());
    }

    /**
     * Connects to {@code url}, spelled as Celery spells it: {@code redis://[[user]:password@]host[:port][/db]},
     * {@code rediss://...?ssl_cert_reqs=required|optional|none}, {@code redis+socket:///path} or
     * {@code unix:///path?db=N}, and {@code sentinel://[:password@]host:port[/db];sentinel://host2:port} with the
     * transport option {@code master_name} (required) and optionally {@code sentinel_kwargs} {"password": ...}.
     * Other transport options read: {@code global_keyprefix}, {@code result_chord_ordered}.
     *
     * @param expires null or zero stores results without expiry
     * @throws IllegalArgumentException for a URL or transport options Lovage does not understand
     * @throws BackendException         if Redis cannot be reached now
     */
    public static RedisResultBackend connect(String url, @Nullable Duration expires,
            Map<String, String> transportOptions) {
        LettuceClient owned = LettuceClient.create(RedisUrls.parse(url, transportOptions, COMMAND_TIMEOUT),
                COMMAND_TIMEOUT);
        try {
            // Results go out pipelined on a connection of their own; everything else shares the first one.
            StatefulRedisConnection<String, String> shared = owned.client().connect();
            return new RedisResultBackend(owned, shared, owned.client().connect(ByteArrayCodec.INSTANCE), expires,
                    transportOptions, UrlMasker.mask(url));
        } catch (RedisException e) {
            owned.shutdown();
            throw new BackendException("cannot connect to result backend " + UrlMasker.mask(url) + ": "
                    + e.getMessage(), e, true);
        }
    }

    /**
     * A backend on a connection someone else owns and configures; {@link #close()} leaves it open. Give the
     * connection's client a command timeout and {@code REJECT_COMMANDS} when disconnected, or a store may wait
     * for as long as Redis is away.
     *
     * @param expires null or zero stores results without expiry
     */
    public static RedisResultBackend using(StatefulRedisConnection<String, String> connection,
            @Nullable Duration expires) {
        return new RedisResultBackend(null, connection, null, expires, Map.of(), "redis (borrowed connection)");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written as the JSON Python writes ({@code celery-task-meta-<id>}, SETEX with {@code result_expires},
     * PUBLISH on the key), unless a SUCCESS is already stored.
     *
     * @throws BackendException (not a connection error) for a document over 512 MiB, as Celery's
     *                          {@code BackendStoreError}
     */
    @Override
    public void store(ResultMeta meta) {
        results.store(meta);
    }

    @Override
    public @Nullable ResultMeta get(String taskId) {
        String json = redis.run("read the result of " + taskId, r -> r.get(keys.task(taskId)));
        return json == null ? null : ResultMetaCodec.decode(json);
    }

    /** {@inheritDoc} One MGET, as redis-py's {@code mget} in Celery's {@code get_many}. */
    @Override
    public List<@Nullable ResultMeta> getAll(List<String> taskIds) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        String[] keyNames = taskIds.stream().map(keys::task).toArray(String[]::new);
        List<KeyValue<String, String>> values = redis.run("read " + taskIds.size() + " results",
                r -> r.mget(keyNames));
        List<@Nullable ResultMeta> out = new ArrayList<>(values.size());
        for (KeyValue<String, String> v : values) {
            out.add(v.hasValue() ? ResultMetaCodec.decode(v.getValue()) : null);
        }
        return out;
    }

    /** {@inheritDoc} Mirrors {@code RedisBackend.forget}: {@code DEL celery-task-meta-<id>}. */
    @Override
    public void forget(String taskId) {
        redis.run("forget " + taskId, r -> r.del(keys.task(taskId)));
    }

    /** {@inheritDoc} Mirrors {@code _save_group}: SETEX with result_expires, then PUBLISH. */
    @Override
    public void saveGroup(String groupId, ResultRef result) {
        groups.save(groupId, result);
    }

    @Override
    public @Nullable ResultRef restoreGroup(String groupId) {
        return groups.restore(groupId);
    }

    @Override
    public void deleteGroup(String groupId) {
        groups.delete(groupId);
    }

    /** {@inheritDoc} Mirrors {@code RedisBackend.add_to_chord}: INCR of the join's {@code .t} key. */
    @Override
    public void addToChord(String groupId) {
        groups.addToChord(groupId);
    }

    @Override
    public void saveChordHeader(String groupId, ResultRef header) {
        groups.saveChordHeader(groupId, header);
    }

    // For RedisResultConsumer, which waits on the same Redis with a Pub/Sub connection of its own.
    @Nullable RedisClient client() {
        return client == null ? null : client.client();
    }

    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    Keys keys() {
        return keys;
    }

    /** The result_backend URL with its password masked. */
    @Override
    public String describe() {
        return description;
    }

    /** True when Redis answers a PING now; never throws. */
    public boolean isConnected() {
        try {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public @Nullable Join addPart(String groupId, String taskId, @Nullable Integer groupIndex, TaskState state,
            @Nullable Object result) {
        return chords.addPart(groupId, taskId, groupIndex, state, result);
    }

    @Override
    public boolean extendClaim(String groupId, String claimToken, Duration ttl) {
        return chords.extendClaim(groupId, claimToken, ttl);
    }

    @Override
    public boolean finishChord(String groupId, String claimToken) {
        return chords.finishChord(groupId, claimToken);
    }

    @Override
    public void abandonChord(String groupId) {
        chords.abandonChord(groupId);
    }

    @Override
    public void setChordSize(String groupId, int size) {
        chords.setChordSize(groupId, size);
    }

    /** The records of Lovage's chord cleanup, kept in this Redis beside the results ({@code lovage-cleanup-*}). */
    public ChordCleanupStore cleanupStore() {
        return cleanup;
    }

    /** Closes the connection and client this backend created; a borrowed connection stays open. Idempotent. */
    @Override
    public void close() {
        if (client != null && closed.compareAndSet(false, true)) {
            results.close();
            connection.close();
            client.shutdown();
        }
    }
}
