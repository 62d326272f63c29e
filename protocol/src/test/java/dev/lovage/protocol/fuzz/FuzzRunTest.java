package dev.lovage.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The fuzz's plumbing: a seed replays a run, and a failure or a hang names the seed that replays it. */
final class FuzzRunTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void theSameSeedGeneratesTheSameMessages() {
        Gen<FuzzMessage> messages = FuzzMessages.messages();
        SplittableRandom first = new SplittableRandom(42);
        SplittableRandom second = new SplittableRandom(42);
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            FuzzMessage a = messages.next(first);
            FuzzMessage b = messages.next(second);
            assertThat(b.kind()).isEqualTo(a.kind());
            assertThat(b.properties()).isEqualTo(a.properties());
            assertThat(b.headers()).isEqualTo(a.headers());
            assertThat(b.body()).isEqualTo(a.body());
            kinds.add(a.kind().split(" ")[0]);
        }
        assertThat(kinds).contains("random", "generated", "plain", "chord");
    }

    @Test
    void aFailureNamesItsSeedAndTry() {
        FuzzRun run = new FuzzRun(7, 1000, MINUTE, MINUTE);
        assertThatThrownBy(() -> run.check(Gen.ints(0, 9), v -> assertThat(v).as("value").isNotEqualTo(9)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("of seed 7 (replay: -Dlovage.fuzz.seed=7) failed")
                .hasMessageContaining("value");
    }

    @Test
    void aCheckThatNeverReturnsIsAHang() {
        FuzzRun run = new FuzzRun(3, 10, MINUTE, Duration.ofMillis(300));
        assertThatThrownBy(() -> run.check(Gen.ints(0, 1), v -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        })).isInstanceOf(AssertionError.class).hasMessageContaining("try 1 of seed 3").hasMessageContaining(
                "has not returned");
    }

    @Test
    void theTimeBoundEndsARunBeforeItsTries() throws InterruptedException {
        FuzzRun.Summary summary = new FuzzRun(5, Integer.MAX_VALUE, Duration.ofMillis(200), MINUTE)
                .check(Gen.ints(0, 1), v -> { });
        assertThat(summary.timeBoundReached()).isTrue();
        assertThat(summary.tries()).isPositive();
    }

    @Test
    void intsStayWithinTheirBoundsAndReachBoth() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] ranges = {{-3, 5}, {1, 4}, {1, 200_000}, {Integer.MIN_VALUE, Integer.MAX_VALUE}, {7, 7}};
        for (int[] bounds : ranges) {
            Gen<Integer> ints = Gen.ints(bounds[0], bounds[1]);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                int v = ints.next(random);
                assertThat(v).isBetween(bounds[0], bounds[1]);
                seen.add(v);
            }
            assertThat(seen).contains(bounds[0], bounds[1]);
        }
    }
}
