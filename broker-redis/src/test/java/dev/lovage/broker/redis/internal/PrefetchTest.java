package dev.lovage.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class PrefetchTest {

    @Test
    void theWindowIsThePrefetchPlusHeldEtaTasksLessWhatIsUnsettled() {
        Prefetch p = new Prefetch();
        p.base(8);
        assertThat(p.available(0)).isEqualTo(8);
        assertThat(p.available(6)).isEqualTo(2);
        assertThat(p.available(9)).isZero();
        p.adjust(3);
        assertThat(p.available(9)).isEqualTo(2);
        assertThat(p.count()).isEqualTo(11);
        p.adjust(-3);
        assertThat(p.count()).isEqualTo(8);
    }

    @Test
    void zeroIsUnlimitedButOnePollTakesABatchAtMost() {
        Prefetch p = new Prefetch();
        p.base(0);
        assertThat(p.available(100_000)).isEqualTo(Prefetch.MAX_BATCH);
        assertThat(p.count()).isZero();
        p.base(1000);
        assertThat(p.available(0)).isEqualTo(Prefetch.MAX_BATCH);
    }

    @Test
    void aRingBeforeTheWaitEndsItAtOnce() {
        Prefetch p = new Prefetch();
        p.ring();
        long start = System.nanoTime();
        p.await(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
