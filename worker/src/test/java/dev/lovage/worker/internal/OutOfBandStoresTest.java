package dev.lovage.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ResultBackend;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class OutOfBandStoresTest {

    private static ResultMeta notRegistered(int i) {
        return new ResultMeta("id-" + i, TaskState.FAILURE, ExceptionInfo.of("celery.exceptions", "NotRegistered",
                "'x'"), null, List.of(), Instant.EPOCH, null, null, null);
    }

    /** A backend as slow as Redis being away: every store waits until released. */
    private static final class StuckBackend implements ResultBackend {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger stored = new AtomicInteger();

        @Override
        public void store(ResultMeta meta) {
            waiting.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stored.incrementAndGet();
        }

        @Override
        public @Nullable ResultMeta get(String taskId) {
            return null;
        }

        @Override
        public void forget(String taskId) {
        }

        @Override
        public String describe() {
            return "stuck";
        }
    }

    @Test
    void atMostAThousandStoresWaitForASlowBackendAndTheRestAreSkippedAndCounted() throws Exception {
        StuckBackend backend = new StuckBackend();
        try (OutOfBandStores stores = new OutOfBandStores(backend)) {
            for (int i = 0; i < 5000; i++) {
                stores.store(notRegistered(i), "NotRegistered");
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (backend.waiting.get() < OutOfBandStores.MAX_PENDING && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(backend.waiting.get()).isEqualTo(OutOfBandStores.MAX_PENDING);
            assertThat(stores.skipped()).isEqualTo(5000 - OutOfBandStores.MAX_PENDING);
            backend.release.countDown();
            while (backend.stored.get() < OutOfBandStores.MAX_PENDING && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(backend.stored.get()).isEqualTo(OutOfBandStores.MAX_PENDING);
            stores.store(notRegistered(-1), "NotRegistered");
            while (backend.stored.get() < OutOfBandStores.MAX_PENDING + 1 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(backend.stored.get()).isEqualTo(OutOfBandStores.MAX_PENDING + 1);
        }
    }
}
