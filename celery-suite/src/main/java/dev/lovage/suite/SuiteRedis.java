package dev.lovage.suite;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/**
 * The tasks' own Redis connection, as {@code get_redis_connection()} of tasks.py makes it: database 0 of
 * {@code REDIS_HOST}:{@code REDIS_PORT} (default localhost:6379), whatever the result backend is. Connected on first
 * use and kept for the life of the worker process.
 */
final class SuiteRedis {
    private final String uri;
    private volatile RedisCommands<String, String> commands;

    SuiteRedis(Map<String, String> env) {
        String host = env.getOrDefault("REDIS_HOST", "localhost");
        String port = env.getOrDefault("REDIS_PORT", "6379");
        this.uri = "redis://" + host + ":" + port + "/0";
    }

    RedisCommands<String, String> sync() {
        RedisCommands<String, String> c = commands;
        if (c == null) {
            synchronized (this) {
                c = commands;
                if (c == null) {
                    StatefulRedisConnection<String, String> connection = RedisClient.create(uri).connect();
                    c = connection.sync();
                    commands = c;
                }
            }
        }
        return c;
    }

    void rpush(String key, String value) {
        sync().rpush(key, value);
    }

    void incr(String key) {
        sync().incr(key);
    }
}
