package dev.lovage.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * What the worker's behaviour tests share: a recording broker, an in-memory result backend, and the worker under
 * test, which each test builds and which is closed (and must terminate) after it.
 */
abstract class WorkerTestSupport {
    static final Duration WAIT = Duration.ofSeconds(5);

    final RecordingBroker broker = new RecordingBroker();
    final InMemoryResultBackend backend = new InMemoryResultBackend();
    CeleryWorker worker;

    /** The result of {@code id} once it is stored, failing the test after {@link #WAIT}. */
    ResultMeta awaitResult(String id) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (backend.get(id) == null) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no result for " + id);
            }
            Thread.sleep(5);
        }
        return backend.get(id);
    }

    @AfterEach
    final void closeWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
            assertThat(worker.awaitTermination(WAIT)).isTrue();
        }
    }
}
