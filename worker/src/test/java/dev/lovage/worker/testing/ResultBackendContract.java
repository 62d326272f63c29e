package dev.lovage.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ResultBackend} must do; run by the in-memory fake and by the Redis backend against Redis. */
public abstract class ResultBackendContract {

    protected abstract ResultBackend backend();

    private static String newId() {
        return "contract-" + UUID.randomUUID();
    }

    private static ResultMeta meta(String id, TaskState state, Object result) {
        return new ResultMeta(id, state, result, state.isException() ? "Traceback (most recent call last):\n" : null,
                List.of(), state.isReady() ? Instant.now().truncatedTo(ChronoUnit.MICROS) : null, null, null, null);
    }

    @Test
    public void storesAndReadsBackEveryState() {
        String id = newId();
        backend().store(meta(id, TaskState.STARTED, Map.of("pid", 1, "hostname", "w@h")));
        assertThat(backend().get(id).status()).isEqualTo(TaskState.STARTED);
        assertThat(backend().get(id).dateDone()).isNull();
        ExceptionInfo boom = new ExceptionInfo("ValueError", List.of("boom"), "builtins");
        backend().store(meta(id, TaskState.RETRY, boom));
        assertThat(backend().get(id).result()).isEqualTo(boom);
        ResultMeta success = new ResultMeta(id, TaskState.SUCCESS, List.of(1, "two", Map.of("k", true)), null,
                List.of(), Instant.parse("2026-11-24T05:18:53.260799Z"), "group-1", "parent-1",
                new ResultMeta.Extended("tasks.add", List.of(1, 2), Map.of("k", "v"), "w@h", 0, "celery"));
        backend().store(success);
        assertThat(backend().get(id)).isEqualTo(success);
    }

    @Test
    public void neverOverwritesASuccess() {
        String id = newId();
        backend().store(meta(id, TaskState.SUCCESS, 5));
        backend().store(meta(id, TaskState.FAILURE, new ExceptionInfo("ValueError", List.of("late"), "builtins")));
        backend().store(meta(id, TaskState.STARTED, Map.of()));
        assertThat(backend().get(id).status()).isEqualTo(TaskState.SUCCESS);
        assertThat(backend().get(id).result()).isEqualTo(5);
    }

    @Test
    public void forgetRemovesTheResult() {
        String id = newId();
        backend().store(meta(id, TaskState.SUCCESS, "x"));
        backend().forget(id);
        assertThat(backend().get(id)).isNull();
        backend().forget(id);
    }

    @Test
    public void anUnknownIdIsPending() {
        assertThat(backend().get(newId())).isNull();
    }

    @Test
    public void aFailureKeepsItsException() {
        String id = newId();
        ExceptionInfo info = new ExceptionInfo("NotRegistered", List.of("tasks.x"), "celery.exceptions");
        backend().store(meta(id, TaskState.FAILURE, info));
        ResultMeta back = backend().get(id);
        assertThat(back.result()).isEqualTo(info);
        assertThat(back.dateDone()).isNotNull();
    }
}
