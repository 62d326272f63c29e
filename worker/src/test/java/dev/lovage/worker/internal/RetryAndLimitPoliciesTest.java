package dev.lovage.worker.internal;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.protocol.codec.MessageDecoder;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskSignal;
import dev.lovage.worker.broker.Delivery;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class RetryAndLimitPoliciesTest {

    private static TaskMessage message(Object timelimit, int retries) {
        Delivery d = aTaskMessage().withTask("tasks.add").withArgs(2, 3).withHeader("timelimit", timelimit)
                .withHeader("retries", retries).toDelivery(1, 0);
        return MessageDecoder.create(DecoderOptions.DEFAULTS).decode(d.properties(), d.headers(), d.body());
    }

    @Test
    void backsOffExponentiallyUpToTheCapAsCeleryDoes() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), false, Duration.ofMinutes(3));
        SplittableRandom random = new SplittableRandom(1);
        assertThat(backoff.delay(0, random)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(2, random)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(10, random)).isEqualTo(Duration.ofSeconds(5));
        Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(600), true, Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            assertThat(jittered.delay(3, random)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
        }
        assertThat(new Backoff(null, Duration.ofSeconds(600), true, Duration.ofMinutes(3)).delay(5, random))
                .isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void retriesOnlyTheAutoretryTypesAndFailsPastMaxRetries() {
        TaskOptions options = TaskOptions.builder().autoretryFor(IllegalStateException.class).maxRetries(3).build();
        assertThat(RetryPolicy.autoretry(options, new IllegalStateException("x"), 0)).isNotNull();
        assertThat(RetryPolicy.autoretry(options, new IllegalArgumentException("x"), 0)).isNull();

        TaskMessage third = message(Arrays.asList(null, null), 3);
        TaskSignal.Retry plain = new TaskSignal.Retry(null, Duration.ZERO, null);
        Throwable exhausted = RetryPolicy.exhausted(plain, options, third.headers(), third.body());
        assertThat(exhausted).isInstanceOf(PythonException.class).hasMessageContaining("MaxRetriesExceededError")
                .hasMessageContaining("Can't retry tasks.add[").hasMessageContaining("args:(2, 3) kwargs:{}");
        IllegalStateException cause = new IllegalStateException("boom");
        assertThat(RetryPolicy.exhausted(new TaskSignal.Retry(cause, Duration.ZERO, null), options, third.headers(),
                third.body())).isSameAs(cause);
        assertThat(RetryPolicy.exhausted(new TaskSignal.Retry(cause, Duration.ZERO, TaskSignal.Retry.FOREVER),
                options, third.headers(), third.body())).isNull();
        TaskMessage second = message(Arrays.asList(null, null), 2);
        assertThat(RetryPolicy.exhausted(plain, options, second.headers(), second.body())).isNull();
    }

    @Test
    void takesEachTimeLimitFromTheFirstPlaceThatSetsIt() {
        TimeLimitPolicy limits = new TimeLimitPolicy(CeleryConfig.builder().taskTimeLimit(Duration.ofSeconds(40))
                .taskSoftTimeLimit(Duration.ofSeconds(30)).build());
        TaskOptions own = TaskOptions.builder().softTimeLimit(Duration.ofSeconds(20)).build();
        TaskMessage none = message(Arrays.asList(null, null), 0);
        assertThat(limits.limitsFor(none.headers(), own).hard()).isEqualTo(Duration.ofSeconds(40));
        assertThat(limits.limitsFor(none.headers(), own).soft()).isEqualTo(Duration.ofSeconds(20));
        limits.set("tasks.add", Duration.ofSeconds(10), null);
        assertThat(limits.limitsFor(none.headers(), own).hard()).isEqualTo(Duration.ofSeconds(10));
        TaskMessage header = message(Arrays.asList(5, 2.5), 0);
        assertThat(limits.limitsFor(header.headers(), own).hard()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.limitsFor(header.headers(), own).soft()).isEqualTo(Duration.ofMillis(2500));
    }
}
