package dev.lovage.it.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** Reads what workers left in Redis, to compare with what Python wrote. */
public final class RedisInspector implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisInspector() {
        client = RedisClient.create(Services.get().redisUrl());
        connection = client.connect();
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** The raw stored result document of {@code taskId}, or null. */
    public String result(String taskId) {
        return redis().get("celery-task-meta-" + taskId);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
