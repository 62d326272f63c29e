package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.it.support.RedisInspector;
import dev.lovage.it.support.Services;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.testing.ResultBackendContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backend contract against a real Redis, plus what only Redis shows: TTLs and the Pub/Sub announcement. */
@Timeout(60)
final class RedisResultBackendIT extends ResultBackendContract {
    private static final RedisResultBackend BACKEND =
            RedisResultBackend.connect(Services.get().redisUrl(), Duration.ofSeconds(3600), Map.of());

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Override
    protected ResultBackend backend() {
        return BACKEND;
    }

    private static ResultMeta success(String id) {
        return new ResultMeta(id, TaskState.SUCCESS, 5, null, List.of(), Instant.now(), null, null, null);
    }

    @Test
    void expiresAfterResultExpiresAndAnnouncesOnTheKeysChannel() throws Exception {
        String id = UUID.randomUUID().toString();
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        RedisClient client = RedisClient.create(Services.get().redisUrl());
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             RedisInspector redis = new RedisInspector()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(channel + " " + message);
                }
            });
            sub.sync().subscribe("celery-task-meta-" + id);
            BACKEND.store(success(id));
            String published = messages.poll(5, TimeUnit.SECONDS);
            assertThat(published).isEqualTo("celery-task-meta-" + id + " " + redis.result(id));
            assertThat(redis.redis().ttl("celery-task-meta-" + id)).isBetween(3590L, 3600L);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void storesWithoutExpiryWhenResultExpiresIsNone() {
        String id = UUID.randomUUID().toString();
        try (RedisResultBackend forever = RedisResultBackend.connect(Services.get().redisUrl(), null, Map.of());
             RedisInspector redis = new RedisInspector()) {
            forever.store(success(id));
            assertThat(redis.redis().ttl("celery-task-meta-" + id)).isEqualTo(-1L);
            redis.redis().del("celery-task-meta-" + id);
        }
    }

    @Test
    void honoursTheGlobalKeyPrefix() {
        String id = UUID.randomUUID().toString();
        try (RedisResultBackend prefixed = RedisResultBackend.connect(Services.get().redisUrl(),
                Duration.ofSeconds(60), Map.of("global_keyprefix", "lovage"));
             RedisInspector redis = new RedisInspector()) {
            prefixed.store(success(id));
            assertThat(redis.redis().exists("lovage_celery-task-meta-" + id)).isEqualTo(1L);
            assertThat(prefixed.get(id).result()).isEqualTo(5);
        }
    }
}
