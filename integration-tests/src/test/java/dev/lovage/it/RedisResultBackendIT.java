package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.it.support.RedisTarget;
import dev.lovage.it.support.TcpProxy;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.testing.ResultBackendContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The backend contract against a real Redis, plus what only Redis shows: the TTL, the Pub/Sub announcement a
 * Python client waits for, SET without expiry, the key prefix, and riding out an outage. Task ids are unique per
 * test, so database 0 of a shared Redis is fine.
 */
@Timeout(120)
final class RedisResultBackendIT extends ResultBackendContract {
    private static final Duration EXPIRES = Duration.ofSeconds(3600);
    private static RedisResultBackend backend;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        backend = RedisResultBackend.connect(RedisTarget.url(), EXPIRES, Map.of());
        client = RedisClient.create(RedisTarget.url());
        connection = client.connect();
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Override
    protected ResultBackend backend() {
        return backend;
    }

    private static RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private static ResultMeta success(String id) {
        return new ResultMeta(id, TaskState.SUCCESS, 5, null, List.of(), Instant.now(), null, null, null);
    }

    /** Runs {@code action} while subscribed to {@code channel}; returns the messages published there. */
    private static BlockingQueue<String> subscribed(String channel, Runnable action) {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    messages.add(message);
                }
            });
            sub.sync().subscribe(channel);
            action.run();
            // A PING on the subscriber arrives after every message published before it: nothing is in flight.
            sub.sync().ping();
        }
        return messages;
    }

    @Test
    void finishingAChordTheCleanupForgotFirstIsNotALostClaim() {
        String group = UUID.randomUUID().toString();
        String header = UUID.randomUUID().toString();
        String callback = UUID.randomUUID().toString();
        backend.setChordSize(group, 1);
        ChordBackend.Join join = backend.addPart(group, header, 0, TaskState.SUCCESS, 4);
        assertThat(join).isNotNull();
        backend.cleanupStore().recordHeaders(group, callback, Set.of(header));

        backend.cleanupStore().forgetChord(group, callback);

        assertThat(backend.finishChord(group, join.claimToken())).isTrue();
    }

    @Test
    void aClaimAnotherWorkerHoldsIsNotFinishedByThisOne() {
        String group = UUID.randomUUID().toString();
        backend.setChordSize(group, 1);
        ChordBackend.Join join = backend.addPart(group, UUID.randomUUID().toString(), 0, TaskState.SUCCESS, 4);
        assertThat(join).isNotNull();

        assertThat(backend.finishChord(group, "someone-else")).isFalse();
        assertThat(backend.finishChord(group, join.claimToken())).isTrue();
        assertThat(redis().get("celery-taskset-meta-" + group + ".c")).isEqualTo("done");
    }

    @Test
    void storesWithTheTtlOfResultExpiresAndPublishesTheSameJsonOnTheKey() throws Exception {
        String id = newId();
        String key = "celery-task-meta-" + id;
        BlockingQueue<String> messages = subscribed(key, () -> backend.store(success(id)));
        String stored = redis().get(key);
        assertThat(stored).startsWith("{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null, ")
                .endsWith(", \"task_id\": \"" + id + "\"}");
        assertThat(messages.poll(5, TimeUnit.SECONDS)).isEqualTo(stored);
        assertThat(redis().ttl(key)).isBetween(EXPIRES.toSeconds() - 1, EXPIRES.toSeconds());
    }

    @Test
    void publishesNothingWhenTheSuccessGuardDropsAWrite() throws Exception {
        String id = newId();
        backend.store(success(id));
        BlockingQueue<String> messages = subscribed("celery-task-meta-" + id, () -> backend.store(
                new ResultMeta(id, TaskState.FAILURE, new ExceptionInfo("ValueError", List.of("late"), "builtins"),
                        null, List.of(), Instant.now(), null, null, null)));
        assertThat(messages).isEmpty();
    }

    @Test
    void usesSetWithoutExpiryWhenResultExpiresIsNoneOrZero() {
        for (Duration expires : new Duration[] {null, Duration.ZERO}) {
            String id = newId();
            try (RedisResultBackend forever = RedisResultBackend.connect(RedisTarget.url(), expires, Map.of())) {
                forever.store(success(id));
                assertThat(redis().ttl("celery-task-meta-" + id)).as("TTL with %s", expires).isEqualTo(-1L);
                assertThat(forever.cleanupStore().recordExpiry()).isNull();
            } finally {
                redis().del("celery-task-meta-" + id);
            }
        }
    }

    @Test
    void truncatesResultExpiresToWholeSecondsAsCeleryDoes() {
        String id = newId();
        try (RedisResultBackend shortLived = RedisResultBackend.connect(RedisTarget.url(), Duration.ofMillis(90_900),
                Map.of())) {
            shortLived.store(success(id));
            assertThat(redis().ttl("celery-task-meta-" + id)).isBetween(89L, 90L);
        }
    }

    @Test
    void prefixesKeysAndChannelsWithTheGlobalKeyprefix() throws Exception {
        String id = newId();
        try (RedisResultBackend prefixed = RedisResultBackend.connect(RedisTarget.url(), Duration.ofSeconds(60),
                Map.of("global_keyprefix", "lovage"))) {
            BlockingQueue<String> messages = subscribed("lovage_celery-task-meta-" + id,
                    () -> prefixed.store(success(id)));
            assertThat(redis().exists("lovage_celery-task-meta-" + id)).isEqualTo(1L);
            assertThat(messages.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(prefixed.get(id).result()).isEqualTo(5);
        }
    }

    @Test
    void readsWhatPythonCelery526Wrote() {
        String id = newId();
        redis().setex("celery-task-meta-" + id, 60, "{\"status\": \"FAILURE\", \"result\": {\"exc_type\": "
                + "\"ValueError\", \"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}, \"traceback\": \"tb\", "
                + "\"children\": [], \"date_done\": \"2026-11-24T06:17:51.199375\", \"task_id\": \"" + id + "\"}");
        ResultMeta meta = backend.get(id);
        assertThat(meta.result()).isEqualTo(new ExceptionInfo("ValueError", List.of("boom"), "builtins"));
        assertThat(meta.dateDone()).isEqualTo(Instant.parse("2026-11-24T06:17:51.199375Z"));
    }

    @Test
    void aBorrowedConnectionStaysOpen() {
        String id = newId();
        RedisResultBackend borrowed = RedisResultBackend.using(connection, Duration.ofSeconds(60));
        borrowed.store(success(id));
        borrowed.close();
        assertThat(connection.isOpen()).isTrue();
        assertThat(backend.get(id).status()).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void ridesOutAShortOutageByRetrying() throws Exception {
        RedisURI target = RedisURI.create(RedisTarget.url());
        String id = newId();
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
             RedisResultBackend viaProxy = RedisResultBackend.connect("redis://127.0.0.1:" + proxy.port() + "/"
                     + target.getDatabase(), EXPIRES, Map.of())) {
            proxy.cut();
            CompletableFuture<Void> store = CompletableFuture.runAsync(() -> viaProxy.store(success(id)));
            Thread.sleep(2500);
            assertThat(store).isNotDone();
            proxy.restore();
            store.get(30, TimeUnit.SECONDS);
            assertThat(backend.get(id).status()).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void failsWithAConnectionErrorWhenRedisIsNotThere() {
        assertThatThrownBy(() -> RedisResultBackend.connect("redis://:secret@127.0.0.1:1/0", EXPIRES, Map.of()))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isConnectionError()).isTrue())
                .hasMessageNotContaining("secret");
    }
}
