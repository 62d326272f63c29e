package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.backend.redis.RedisResultConsumer;
import dev.lovage.it.support.RedisTarget;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.ResultMetaCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting for results as Celery's Redis result consumer does, against a real Redis: woken by the PUBLISH that goes
 * with a stored result, and finding by reading the key a result whose announcement never came; and the group
 * documents Python's GroupResult.save/restore use.
 */
@Timeout(60)
final class RedisResultConsumerIT {
    private static final Instant DONE = Instant.parse("2026-06-01T12:00:00Z");
    private static RedisResultBackend backend;
    private static RedisResultConsumer consumer;
    private static RedisClient raw;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        backend = RedisResultBackend.connect(RedisTarget.url(), Duration.ofHours(1), Map.of());
        consumer = RedisResultConsumer.create(backend);
        raw = RedisClient.create(RedisTarget.url());
        connection = raw.connect();
    }

    @AfterAll
    static void close() {
        consumer.close();
        backend.close();
        connection.close();
        raw.shutdown();
    }

    private static ResultMeta success(String id, Object value) {
        return new ResultMeta(id, TaskState.SUCCESS, value, null, List.of(), DONE, null, null, null);
    }

    @Test
    void aResultStoredWhileWaitingWakesTheWaiter() throws Exception {
        String id = "consumer-" + UUID.randomUUID();
        CompletableFuture<ResultMeta> waiting = CompletableFuture.supplyAsync(
                () -> consumer.await(id, Duration.ofSeconds(30)));
        Thread.sleep(200);
        backend.store(success(id, 42));
        assertThat(waiting.get(30, TimeUnit.SECONDS).result()).isEqualTo(42);
    }

    @Test
    void aResultWhoseAnnouncementWasLostIsFoundByReadingTheKey() throws Exception {
        String id = "consumer-" + UUID.randomUUID();
        CompletableFuture<ResultMeta> waiting = CompletableFuture.supplyAsync(
                () -> consumer.await(id, Duration.ofSeconds(30)));
        Thread.sleep(200);
        // SET without PUBLISH: as if the announcement went out while the Pub/Sub connection was away.
        connection.sync().set("celery-task-meta-" + id, ResultMetaCodec.encode(success(id, "quiet")));
        assertThat(waiting.get(30, TimeUnit.SECONDS).result()).isEqualTo("quiet");
    }

    @Test
    void aReadyResultIsReturnedAtOnceAndAPendingOneGivesNullAtTheDeadline() {
        String done = "consumer-" + UUID.randomUUID();
        backend.store(success(done, List.of(1, 2)));
        assertThat(consumer.await(done, Duration.ofSeconds(5)).result()).isEqualTo(List.of(1, 2));
        long start = System.nanoTime();
        assertThat(consumer.await("consumer-" + UUID.randomUUID(), Duration.ofMillis(700))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aSavedGroupIsPythonsDocumentAndRestores() {
        String gid = "group-" + UUID.randomUUID();
        ResultRef group = ResultRef.group(gid, List.of(ResultRef.task("a"), ResultRef.task("b")));
        backend.saveGroup(gid, group);
        assertThat(connection.sync().get("celery-taskset-meta-" + gid)).isEqualTo(
                "{\"result\": [[\"" + gid + "\", null], [[[\"a\", null], null], [[\"b\", null], null]]]}");
        assertThat(connection.sync().ttl("celery-taskset-meta-" + gid)).isBetween(3500L, 3600L);
        assertThat(backend.restoreGroup(gid)).isEqualTo(group);
        backend.deleteGroup(gid);
        assertThat(backend.restoreGroup(gid)).isNull();
    }
}
