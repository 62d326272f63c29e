package dev.lovage.backend.redis.internal;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.codec.ResultMetaCodec;
import dev.lovage.worker.BackendException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * Writes task results as Celery's Redis backend does, pipelined on a connection of their own when there is one
 * ({@link StorePipeline}), else on the shared connection; connection errors are retried by {@link ConnectionRetry}.
 */
public final class ResultStore implements AutoCloseable {
    // Mirrors celery/backends/redis.py _MAX_STR_VALUE_SIZE (512 MiB, Redis's limit for a string).
    private static final int MAX_VALUE_SIZE = 536_870_912;

    // Mirrors celery/backends/redis.py RedisBackend.set (GET guard, SETEX + PUBLISH): do not overwrite a stored
    // SUCCESS, then SETEX (or SET when results never expire) and PUBLISH the same JSON on the key's channel.
    // Python sends GET, then MULTI/SETEX/PUBLISH/EXEC; MULTI is not safe on a connection shared by many threads,
    // so this script does the same atomically. The stored value, its TTL and the published message are identical.
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

    private final ConnectionRetry redis;
    private final Scripts scripts;
    private final Keys keys;
    private final String expiry;
    private final @Nullable StorePipeline pipeline;

    public ResultStore(ConnectionRetry redis, Scripts scripts, Keys keys, long expiresSeconds,
            @Nullable StorePipeline pipeline) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.expiry = Long.toString(expiresSeconds);
        this.pipeline = pipeline;
    }

    /**
     * Stores {@code meta} unless a SUCCESS is stored already.
     *
     * @throws BackendException (not a connection error) for a document over 512 MiB, as Celery's BackendStoreError
     */
    public void store(ResultMeta meta) {
        String key = keys.task(meta.taskId());
        String json = ResultMetaCodec.encode(meta);
        if (json.length() > MAX_VALUE_SIZE) {
            throw new BackendException("value too large for Redis backend: the result of " + meta.taskId() + " is "
                    + json.length() + " bytes", null, false);
        }
        StorePipeline pipe = pipeline;
        redis.run("store the result of " + meta.taskId(), r -> pipe == null
                ? scripts.run(r, STORE_SCRIPT, ScriptOutputType.INTEGER, new String[] {key}, json, expiry)
                : pipelined(pipe, r, key, json));
    }

    private Object pipelined(StorePipeline pipe, RedisCommands<String, String> r, String key, String json) {
        try {
            return pipe.evalsha(scripts.sha(r, STORE_SCRIPT), key, json, expiry);
        } catch (RedisException e) {
            if (!Scripts.isNoScript(e)) {
                throw e;
            }
            // Redis restarted and forgot the script: load it again, once.
            return pipe.evalsha(scripts.reload(r, STORE_SCRIPT), key, json, expiry);
        }
    }

    /** Closes the pipeline's connection, if there is one. */
    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
