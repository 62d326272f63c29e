package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.RedisInspector;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TcpProxy;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.URI;
import java.util.UUID;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Chord header results forgotten once the callback has succeeded, whichever worker ran what. */
@Timeout(300)
final class ChordCleanupIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(int db, String script) throws Exception {
        String out = Services.get().python().run(script, Map.of("CELERY_RESULT_BACKEND", Services.get().redisUrl(db)));
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static String chords(int count, int size, String q1, String q2, String callbackQueue, String body) {
        String s = """
                import json, time
                from celery import chord
                from tasks import app, add, xsum, fail
                r = app.backend.client
                def used():
                    m = r.info('memory')
                    return m['used_memory'] - m.get('mem_clients_normal', 0)
                before = used()
                results = []
                for c in range(COUNT):
                    header = [add.s(i, c).set(queue=(Q1, Q2)[i % 2]) for i in range(SIZE)]
                    results.append(chord(header, BODY.s().set(queue=CBQ)).apply_async())
                values = []
                for res in results:
                    try:
                        values.append(res.get(timeout=120))
                    except Exception as e:
                        values.append(type(e).__name__)
                done = time.time()
                callbacks = {res.id for res in results}
                # The chord's result object holds its header group in memory: the exact header ids.
                header_ids = [h.id for res in results for h in res.parent.results]
                header_keys = ['celery-task-meta-' + h for h in header_ids]
                def headers_left():
                    # One EXISTS for all of them: the check must not take longer than what it measures.
                    return r.exists(*header_keys) if header_keys else 0
                left = headers_left()
                while left and time.time() - done < 10:
                    time.sleep(0.05)
                    left = headers_left()
                gone_after = time.time() - done
                time.sleep(1)
                intact = all(r.get('celery-task-meta-' + cid) is not None for cid in callbacks)
                callback_memory = sum(r.memory_usage('celery-task-meta-' + cid) or 0 for cid in callbacks)
                after = used()
                print(json.dumps({'values': values[:3], 'count': len(values), 'left': left, 'header_ids': header_ids,
                                  'gone_after': gone_after, 'intact': intact, 'before': before, 'after': after,
                                  'callback_memory': callback_memory,
                                  'taskset_keys': len(r.keys('celery-taskset-meta-*')),
                                  'memory': {k: v for k, v in r.info('memory').items()
                                             if k.startswith(('used_memory_', 'mem_')) and isinstance(v, int)}}))
                """;
        return s.replace("COUNT", Integer.toString(count)).replace("SIZE", Integer.toString(size))
                .replace("Q1", "'" + q1 + "'").replace("Q2", "'" + q2 + "'").replace("CBQ", "'" + callbackQueue + "'")
                .replace("BODY", body);
    }

    private static final String FLUSH = "from tasks import app\napp.backend.client.flushdb()\nprint('{}')";

    /** Memory used, and by the keys left, measured from a fresh client so no client's buffers count. */
    private static final String MEMORY = """
            import json
            from tasks import app
            r = app.backend.client
            keys = r.keys('*')
            print(json.dumps({'used': r.info('memory')['used_memory'],
                              'keys': len(keys), 'key_memory': sum(r.memory_usage(k) or 0 for k in keys)}))
            """;

    @Test
    void twoHundredChordsOfTwentyLeaveOnlyTheirCallbackResults() throws Exception {
        int db = 14;
        String queue = LovageWorker.newQueue("cleanup");
        try (LovageWorker w = LovageWorker.startWithCleanup(queue, c -> c.resultBackend(Services.get().redisUrl(db))
                .taskDefaultQueue(queue).workerConcurrency(16))) {
            // A warm-up run first, so one-off allocations (script cache, the keyspace's growth) don't count.
            run(db, chords(10, 20, queue, queue, queue, "xsum"));
            run(db, FLUSH);
            JsonNode before = run(db, MEMORY);
            JsonNode r = run(db, chords(200, 20, queue, queue, queue, "xsum"));
            Thread.sleep(1000);
            JsonNode after = run(db, MEMORY);
            assertThat(r.get("count").asInt()).isEqualTo(200);
            assertThat(r.get("values").get(0).asInt()).isEqualTo(190);
            assertThat(r.get("left").asInt()).as(r.toString()).isZero();
            assertThat(r.get("gone_after").asDouble()).as(r.toString()).isLessThan(2.0);
            assertThat(r.get("intact").asBoolean()).isTrue();
            assertThat(r.get("taskset_keys").asInt()).isZero();
            // Only the 200 callback results are left, and memory is back within 5% of before apart from them.
            assertThat(after.get("keys").asInt()).as(after.toString()).isGreaterThanOrEqualTo(200);
            double data = after.get("used").asDouble() - after.get("key_memory").asDouble();
            assertThat(data).as("before %s, after %s", before, after)
                    .isLessThanOrEqualTo(before.get("used").asDouble() * 1.05);
        }
    }

    @Test
    void theCallbackOnAPythonWorkerWithHeadersSplitBetweenPythonAndLovage() throws Exception {
        int db = 15;
        String javaQueue = LovageWorker.newQueue("cleanup_java");
        String pyQueue = LovageWorker.newQueue("cleanup_py");
        try (LovageWorker w = LovageWorker.startWithCleanup(javaQueue, c -> c.resultBackend(
                Services.get().redisUrl(db)).taskDefaultQueue(javaQueue).workerConcurrency(8));
             PythonCelery.ProcessHandleCloseable py = Services.get().python().startWorker(pyQueue, "cleanup-py@%h",
                     Map.of("CELERY_RESULT_BACKEND", Services.get().redisUrl(db), "LOVAGE_CHORD_CLEANUP", "1",
                             "CELERY_TASK_DEFAULT_QUEUE", pyQueue))) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            run(db, FLUSH);
            JsonNode callbackOnPython = run(db, chords(20, 10, pyQueue, javaQueue, pyQueue, "xsum"));
            assertThat(callbackOnPython.get("values").get(0).asInt()).isEqualTo(45);
            assertThat(callbackOnPython.get("left").asInt()).as(callbackOnPython.toString()).isZero();
            assertThat(callbackOnPython.get("gone_after").asDouble()).isLessThan(2.0);
            assertThat(callbackOnPython.get("intact").asBoolean()).isTrue();
            run(db, FLUSH);
            JsonNode callbackOnJava = run(db, chords(20, 10, pyQueue, javaQueue, javaQueue, "xsum"));
            assertThat(callbackOnJava.get("left").asInt()).as(callbackOnJava.toString()).isZero();
            assertThat(callbackOnJava.get("intact").asBoolean()).isTrue();
        }
    }

    @Test
    void redisGoneInTheMiddleOfACleanupThenBackCompletesEveryCleanup() throws Exception {
        int db = 9;
        URI redis = URI.create(Services.get().redisUrl());
        String queue = LovageWorker.newQueue("cleanup_cut");
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort() > 0 ? redis.getPort() : 6379);
             LovageWorker w = LovageWorker.startWithCleanup(queue, c -> c.taskDefaultQueue(queue)
                     .resultBackend("redis://127.0.0.1:" + proxy.port() + "/" + db)
                     .setting("result_chord_cleanup_delay", "2"))) {
            run(db, FLUSH);
            JsonNode r = run(db, chords(20, 10, queue, queue, queue, "xsum").replace("while left and time.time() - done < 10",
                    "while False"));
            assertThat(r.get("count").asInt()).isEqualTo(20);
            // The grace delay holds the deletions back: Redis goes away before they start and comes back later.
            proxy.cut();
            Thread.sleep(4000);
            proxy.restore();
            assertThat(awaitHeadersGone(db, r.get("header_ids"))).isZero();
        }
    }

    @Test
    void repeatedFailuresEndInTheDeadLetterListAndReplayClearsThem() throws Exception {
        int db = 8;
        String user = "lovage_it_" + UUID.randomUUID().toString().substring(0, 8);
        String queue = LovageWorker.newQueue("cleanup_dead");
        URI redis = URI.create(Services.get().redisUrl());
        String url = "redis://" + user + ":secret@" + redis.getHost() + ":" + (redis.getPort() > 0 ? redis.getPort()
                : 6379) + "/" + db;
        try (RedisInspector admin = new RedisInspector()) {
            // A user that may do everything but UNLINK: every cleanup attempt fails with NOPERM.
            admin.redis().aclSetuser(user, AclSetuserArgs.Builder.on().addPassword("secret").allKeys()
                    .allChannels().allCommands().removeCommand(CommandType.UNLINK));
            try (LovageWorker w = LovageWorker.startWithCleanup(queue, c -> c.taskDefaultQueue(queue)
                    .resultBackend(url).setting("result_chord_cleanup_max_attempts", "2"))) {
                run(db, FLUSH);
                JsonNode r = run(db, chords(5, 4, queue, queue, queue, "xsum")
                        .replace("while left and time.time() - done < 10", "while False"));
                String listed = "";
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < end && !listed.contains("can't run this command")) {
                    Thread.sleep(500);
                    listed = CliIT.runCli(Map.of("CELERY_RESULT_BACKEND", url), "cleanup", "dead-letters");
                }
                assertThat(listed).contains("can't run this command").contains("chord ");
                admin.redis().aclSetuser(user, AclSetuserArgs.Builder.on().allCommands());
                assertThat(CliIT.runCli(Map.of("CELERY_RESULT_BACKEND", url), "cleanup", "dead-letters", "--replay"))
                        .contains("replayed 5 chord cleanups");
                assertThat(awaitHeadersGone(db, r.get("header_ids"))).isZero();
                assertThat(CliIT.runCli(Map.of("CELERY_RESULT_BACKEND", url), "cleanup", "dead-letters"))
                        .doesNotContain("can't run this command");
            } finally {
                admin.redis().aclDeluser(user);
            }
        }
    }

    /** Waits up to 20 s for the given header results to be gone; returns how many are left. */
    private static long awaitHeadersGone(int db, JsonNode ids) throws Exception {
        try (RedisInspector redis = new RedisInspector()) {
            redis.redis().select(db);
            String[] keys = new String[ids.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "celery-task-meta-" + ids.get(i).asText();
            }
            long left = redis.redis().exists(keys);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (left > 0 && System.nanoTime() < end) {
                Thread.sleep(250);
                left = redis.redis().exists(keys);
            }
            return left;
        }
    }

    @Test
    void aCallbackOnAPythonWorkerIsSeenThroughItsTaskEvents() throws Exception {
        int db = 7;
        String javaQueue = LovageWorker.newQueue("cleanup_ev_java");
        String pyQueue = LovageWorker.newQueue("cleanup_ev_py");
        // The sweep is slowed to a minute: within the 2 s bound only the task-succeeded event can trigger it.
        try (LovageWorker w = LovageWorker.startWithCleanup(javaQueue, c -> c.resultBackend(
                Services.get().redisUrl(db)).taskDefaultQueue(javaQueue), Duration.ofMinutes(1));
             PythonCelery.ProcessHandleCloseable py = Services.get().python().startWorker(pyQueue, "cleanup-ev@%h",
                     Map.of("CELERY_RESULT_BACKEND", Services.get().redisUrl(db), "LOVAGE_CHORD_CLEANUP", "1",
                             "CELERY_TASK_DEFAULT_QUEUE", pyQueue, "CELERY_WORKER_SEND_TASK_EVENTS", "1"))) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            run(db, FLUSH);
            JsonNode r = run(db, chords(10, 6, javaQueue, pyQueue, pyQueue, "xsum"));
            assertThat(r.get("left").asInt()).as(r.toString()).isZero();
            assertThat(r.get("gone_after").asDouble()).isLessThan(2.0);
            assertThat(r.get("intact").asBoolean()).isTrue();
        }
    }

    @Test
    void aFailedCallbackKeepsItsHeadersUnlessAskedOtherwise() throws Exception {
        int db = 10;
        String queue = LovageWorker.newQueue("cleanup_fail");
        try (LovageWorker w = LovageWorker.startWithCleanup(queue, c -> c.resultBackend(Services.get().redisUrl(db))
                .taskDefaultQueue(queue))) {
            run(db, FLUSH);
            JsonNode kept = run(db, chords(3, 5, queue, queue, queue, "fail"));
            assertThat(kept.get("values").get(0).asText()).isEqualTo("ValueError");
            assertThat(kept.get("left").asInt()).isEqualTo(15);
        }
        try (LovageWorker w = LovageWorker.startWithCleanup(queue, c -> c.resultBackend(Services.get().redisUrl(db))
                .taskDefaultQueue(queue).setting("result_chord_cleanup_failed", "true"))) {
            run(db, FLUSH);
            JsonNode cleaned = run(db, chords(3, 5, queue, queue, queue, "fail"));
            assertThat(cleaned.get("left").asInt()).as(cleaned.toString()).isZero();
        }
    }
}
