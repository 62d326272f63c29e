package dev.lovage.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link ResultBackend} must do, as Celery's key-value backends do it. Subclasses supply the backend:
 * {@code InMemoryResultBackendTest} (the fake) and {@code RedisResultBackendIT} (Redis). Every test uses fresh
 * task ids, so a backend may be shared between tests and hold other data.
 *
 * @since 0.1
 */
@Timeout(10)
public abstract class ResultBackendContract {
    private static final Instant DONE = Instant.parse("2026-11-24T05:18:53.260799Z");
    private static final ExceptionInfo BOOM = new ExceptionInfo("ValueError", List.of("boom"), "builtins");

    /** The backend under test; the same instance or a new one per call, as the subclass likes. */
    protected abstract ResultBackend backend();

    /** A task id no other test (or earlier run against the same store) uses. */
    protected static String newId() {
        return "contract-" + UUID.randomUUID();
    }

    private static ResultMeta meta(String id, TaskState state, @Nullable Object result) {
        return new ResultMeta(id, state, result, state.isException() ? "Traceback (most recent call last):\n" : null,
                List.of(), state.isReady() ? DONE : null, null, null, null);
    }

    private static @Nullable Object resultFor(TaskState state) {
        return switch (state) {
            case STARTED -> Map.of("pid", 7336, "hostname", "celery@host");
            case RETRY, FAILURE -> BOOM;
            case REVOKED -> new ExceptionInfo("TaskRevokedError", List.of("revoked"), "celery.exceptions");
            case SUCCESS -> Arrays.asList(1, "two", 3.5, true, null, Map.of("k", List.of()));
            default -> null;
        };
    }

    @Test
    public void storesAndReadsBackEveryState() {
        for (TaskState state : TaskState.values()) {
            ResultMeta meta = meta(newId(), state, resultFor(state));
            backend().store(meta);
            assertThat(backend().get(meta.taskId())).as(state.name()).isEqualTo(meta);
        }
    }

    @Test
    public void readsBackEveryFieldOfAnExtendedResult() {
        String id = newId();
        ResultMeta meta = new ResultMeta(id, TaskState.SUCCESS, Map.of("sum", 3), null,
                List.of(Arrays.asList(Arrays.asList("child-1", null), null)), DONE, "group-1", "parent-1",
                new ResultMeta.Extended("tasks.add", List.of(1, 2), Map.of("k", "v"), "w@h", 2, "celery"));
        backend().store(meta);
        assertThat(backend().get(id)).isEqualTo(meta);
    }

    @Test
    public void keepsUnicodeIntact() {
        String id = newId();
        ResultMeta meta = meta(id, TaskState.SUCCESS, "日本語 é 😀 \u0000 \"quoted\"");
        backend().store(meta);
        assertThat(backend().get(id)).isEqualTo(meta);
    }

    @Test
    public void aStateThatIsNotReadyHasNoDateDone() {
        String id = newId();
        backend().store(meta(id, TaskState.STARTED, resultFor(TaskState.STARTED)));
        assertThat(backend().get(id).dateDone()).isNull();
        ResultMeta retryWithDate = new ResultMeta(id, TaskState.RETRY, BOOM, "tb", List.of(), DONE, null, null, null);
        backend().store(retryWithDate);
        assertThat(backend().get(id).status()).isEqualTo(TaskState.RETRY);
        assertThat(backend().get(id).dateDone()).isNull();
    }

    @Test
    public void laterStatesReplaceEarlierOnes() {
        String id = newId();
        backend().store(meta(id, TaskState.STARTED, resultFor(TaskState.STARTED)));
        backend().store(meta(id, TaskState.RETRY, BOOM));
        backend().store(meta(id, TaskState.FAILURE, BOOM));
        assertThat(backend().get(id)).isEqualTo(meta(id, TaskState.FAILURE, BOOM));
    }

    @Test
    public void neverOverwritesASuccess() {
        String id = newId();
        backend().store(meta(id, TaskState.SUCCESS, 5));
        backend().store(meta(id, TaskState.FAILURE, new ExceptionInfo("ValueError", List.of("late"), "builtins")));
        backend().store(meta(id, TaskState.STARTED, Map.of()));
        backend().store(meta(id, TaskState.SUCCESS, 6));
        assertThat(backend().get(id)).isEqualTo(meta(id, TaskState.SUCCESS, 5));
    }

    @Test
    public void aSuccessStoredConcurrentlyWithOtherStatesWins() throws Exception {
        String id = newId();
        List<Future<?>> writes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                TaskState state = i == 20 ? TaskState.SUCCESS : (i % 2 == 0 ? TaskState.STARTED : TaskState.RETRY);
                writes.add(pool.submit(() -> backend().store(meta(id, state, resultFor(state)))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        assertThat(backend().get(id)).isEqualTo(meta(id, TaskState.SUCCESS, resultFor(TaskState.SUCCESS)));
    }

    @Test
    public void everyStoreFromManyThreadsAtOnceLands() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            ids.add(newId());
        }
        List<Future<?>> writes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                int n = i;
                writes.add(pool.submit(() -> backend().store(meta(id, TaskState.SUCCESS, n))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        List<ResultMeta> read = backend().getAll(ids);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(read.get(i)).as(ids.get(i)).isEqualTo(meta(ids.get(i), TaskState.SUCCESS, i));
        }
    }

    @Test
    public void forgetRemovesTheResult() {
        String id = newId();
        backend().store(meta(id, TaskState.SUCCESS, "x"));
        backend().forget(id);
        assertThat(backend().get(id)).isNull();
        backend().forget(id);
        backend().store(meta(id, TaskState.FAILURE, BOOM));
        assertThat(backend().get(id).status()).as("forget is not a tombstone").isEqualTo(TaskState.FAILURE);
    }

    @Test
    public void readsManyResultsInTheOrderAsked() {
        String done = newId();
        String failed = newId();
        String unknown = newId();
        backend().store(meta(done, TaskState.SUCCESS, 3));
        backend().store(meta(failed, TaskState.FAILURE, BOOM));
        List<ResultMeta> read = backend().getAll(List.of(failed, unknown, done));
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).isEqualTo(meta(failed, TaskState.FAILURE, BOOM));
        assertThat(read.get(1)).isNull();
        assertThat(read.get(2)).isEqualTo(meta(done, TaskState.SUCCESS, 3));
        assertThat(backend().getAll(List.of())).isEmpty();
    }

    @Test
    public void anUnknownIdIsPending() {
        assertThat(backend().get(newId())).isNull();
        backend().forget(newId());
    }

    @Test
    public void describesItselfWithoutAPassword() {
        assertThat(backend().describe()).isNotBlank().doesNotContainPattern("://[^:/@]*:[^*@][^@]*@");
    }
}
