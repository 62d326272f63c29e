package dev.lovage.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class InMemoryResultBackendTest extends ResultBackendContract {
    private final InMemoryResultBackend backend = new InMemoryResultBackend();

    @Override
    protected ResultBackend backend() {
        return backend;
    }

    private static ResultMeta meta(String id, TaskState state) {
        return new ResultMeta(id, state, 1, null, List.of(), state.isReady() ? Instant.EPOCH : null, null, null,
                null);
    }

    @Test
    void recordsWritesInOrderButNotThoseTheSuccessGuardDropped() {
        String id = newId();
        backend.store(meta(id, TaskState.STARTED));
        backend.store(meta(id, TaskState.SUCCESS));
        backend.store(meta(id, TaskState.FAILURE));
        assertThat(backend.stored()).extracting(ResultMeta::status)
                .containsExactly(TaskState.STARTED, TaskState.SUCCESS);
    }

    @Test
    void awaitsAStateStoredByAnotherThread() throws InterruptedException {
        String id = newId();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            backend.store(meta(id, TaskState.SUCCESS));
        });
        assertThat(backend.awaitState(id, TaskState.SUCCESS, Duration.ofSeconds(5)).status())
                .isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void awaitingSaysWhatIsStoredWhenTheStateNeverComes() {
        String id = newId();
        backend.store(meta(id, TaskState.STARTED));
        assertThatThrownBy(() -> backend.awaitState(id, TaskState.SUCCESS, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("STARTED");
    }
}
