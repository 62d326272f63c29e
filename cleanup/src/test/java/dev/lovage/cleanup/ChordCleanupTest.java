package dev.lovage.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryConfigBuilder;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.testing.InMemoryResultBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class ChordCleanupTest {

    /** Results in memory plus cleanup records, recording what was forgotten; failing on demand. */
    static final class FakeStore implements ResultBackend, ChordCleanupStore {
        final InMemoryResultBackend results = new InMemoryResultBackend();
        final Map<String, Set<String>> headers = new LinkedHashMap<>();
        final Map<String, Pending> pending = new LinkedHashMap<>();
        final List<String> forgotten = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();
        int failNextForgets;
        final List<Set<String>> recordCalls = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile Runnable beforeRecord = () -> { };

        @Override
        public void store(ResultMeta meta) {
            results.store(meta);
        }

        @Override
        public @Nullable ResultMeta get(String taskId) {
            return results.get(taskId);
        }

        @Override
        public void forget(String taskId) {
            results.forget(taskId);
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void recordHeaders(String groupId, String callbackId, Set<String> ids) {
            beforeRecord.run();
            recordCalls.add(Set.copyOf(ids));
            headers.computeIfAbsent(groupId, k -> new HashSet<>()).addAll(ids);
            pending.putIfAbsent(groupId + "|" + callbackId, new Pending(groupId, callbackId, Instant.now()));
        }

        @Override
        public List<Pending> pending(Instant olderThan, int limit) {
            return List.copyOf(pending.values());
        }

        @Override
        public Set<String> headers(String groupId) {
            return headers.getOrDefault(groupId, Set.of());
        }

        @Override
        public long forgetChord(String groupId, String callbackId) {
            if (failNextForgets > 0) {
                failNextForgets--;
                throw new IllegalStateException("Redis is down");
            }
            Set<String> ids = headers.remove(groupId);
            ids.forEach(id -> {
                results.forget(id);
                forgotten.add(id);
            });
            pending.remove(groupId + "|" + callbackId);
            return ids.size();
        }

        @Override
        public void dropRecord(String groupId, String callbackId) {
            headers.remove(groupId);
            pending.remove(groupId + "|" + callbackId);
        }

        @Override
        public void deadLetter(Pending p, String reason) {
            dead.add(new DeadLetter(p.groupId(), p.callbackId(), reason, Instant.now()));
            pending.remove(p.groupId() + "|" + p.callbackId());
        }

        @Override
        public List<DeadLetter> deadLetters() {
            return List.copyOf(dead);
        }

        @Override
        public int replayDeadLetters() {
            dead.forEach(d -> pending.put(d.groupId() + "|" + d.callbackId(),
                    new Pending(d.groupId(), d.callbackId(), Instant.now())));
            int n = dead.size();
            dead.clear();
            return n;
        }

        @Override
        public @Nullable Duration recordExpiry() {
            return Duration.ofDays(1);
        }
    }

    private final FakeStore store = new FakeStore();

    private static ResultMeta result(String id, TaskState state) {
        Object value = state == TaskState.SUCCESS ? 1
                : ExceptionInfo.of("celery.exceptions", "ChordError", "Dependency x raised ValueError('boom')");
        return new ResultMeta(id, state, value, null, List.of(), Instant.now(), null, null, null);
    }

    private ChordCleanup cleanup(CeleryConfigBuilder config) {
        return new ChordCleanup(store, store, ChordCleanupSettings.from(config.build()));
    }

    private void headersDone(String... ids) {
        for (String id : ids) {
            store.store(result(id, TaskState.SUCCESS));
        }
    }

    @Test
    void partsWaitingForTheRecorderAreWrittenOnceForTheirChord() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.beforeRecord = () -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ChordCleanup cleanup = cleanup(CeleryConfig.builder());
        cleanup.chordPart("g", "cb", "h0");
        writing.await();
        Set<String> waiting = new HashSet<>();
        for (int i = 1; i <= 50; i++) {
            cleanup.chordPart("g", "cb", "h" + i);
            waiting.add("h" + i);
        }
        cleanup.chordJoined("g2", "cb2", List.of("x", "y"));
        store.beforeRecord = () -> { };
        release.countDown();
        cleanup.close();

        assertThat(store.recordCalls).containsExactly(Set.of("h0"), waiting, Set.of("x", "y"));
        assertThat(store.headers("g")).hasSize(51);
    }

    @Test
    void forgetsTheHeadersOnlyOnceTheCallbackSucceeded() {
        ChordCleanup cleanup = cleanup(CeleryConfig.builder());
        headersDone("h1", "h2", "other");
        store.recordHeaders("g", "cb", Set.of("h1", "h2"));
        cleanup.sweep();
        assertThat(store.forgotten).isEmpty();
        store.store(result("cb", TaskState.SUCCESS));
        cleanup.sweep();
        assertThat(store.forgotten).containsExactlyInAnyOrder("h1", "h2");
        assertThat(store.get("cb")).isNotNull();
        assertThat(store.get("other")).isNotNull();
        assertThat(store.pending).isEmpty();
    }

    @Test
    void keepsTheHeadersOfAFailedCallbackUnlessAsked() {
        headersDone("h1");
        store.recordHeaders("g", "cb", Set.of("h1"));
        store.store(result("cb", TaskState.FAILURE));
        cleanup(CeleryConfig.builder()).sweep();
        assertThat(store.forgotten).isEmpty();
        assertThat(store.get("h1")).isNotNull();
        store.recordHeaders("g", "cb", Set.of("h1"));
        cleanup(CeleryConfig.builder().setting("result_chord_cleanup_failed", "true")).sweep();
        assertThat(store.forgotten).containsExactly("h1");
    }

    @Test
    void aDryRunDeletesNothing() {
        headersDone("h1");
        store.recordHeaders("g", "cb", Set.of("h1"));
        store.store(result("cb", TaskState.SUCCESS));
        cleanup(CeleryConfig.builder().setting("result_chord_cleanup_dry_run", "true")).sweep();
        assertThat(store.forgotten).isEmpty();
        assertThat(store.get("h1")).isNotNull();
    }

    @Test
    void failuresAreRetriedThenDeadLetteredAndReplayable() throws InterruptedException {
        ChordCleanup cleanup = cleanup(CeleryConfig.builder().setting("result_chord_cleanup_max_attempts", "2"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        cleanup.bindTo(meters);
        headersDone("h1");
        store.recordHeaders("g", "cb", Set.of("h1"));
        store.store(result("cb", TaskState.SUCCESS));
        store.failNextForgets = 2;
        cleanup.sweep();
        assertThat(store.dead).isEmpty();
        Thread.sleep(1100);
        cleanup.sweep();
        assertThat(store.deadLetters()).hasSize(1);
        assertThat(store.deadLetters().get(0).reason()).contains("Redis is down");
        assertThat(meters.get("celery.chord.cleanup.dead_letters").functionCounter().count()).isEqualTo(1);
        assertThat(store.replayDeadLetters()).isEqualTo(1);
        cleanup.sweep();
        assertThat(store.forgotten).containsExactly("h1");
        assertThat(meters.get("celery.chord.cleanup.forgotten").functionCounter().count()).isEqualTo(1);
    }
}
