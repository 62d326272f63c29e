package dev.lovage.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.client.PublishRetryPolicy;
import dev.lovage.worker.BrokerException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class PublishRetryTest {
    private final PublishRetry retry = new PublishRetry("amqp://guest:**@host:5672//");
    private final PublishRetryPolicy quick = new PublishRetryPolicy(3, Duration.ZERO, Duration.ofMillis(1),
            Duration.ofMillis(1));

    @Test
    void aConnectionErrorIsRetriedAsThePolicySaysThenNamesTheBrokerAndTheCount() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("publish tasks.add[1]", quick, () -> {
            attempts.incrementAndGet();
            throw new BrokerException("Connection refused", null, true);
        })).isInstanceOfSatisfying(BrokerException.class, e -> {
            assertThat(e.isConnectionError()).isTrue();
            assertThat(e.getMessage()).isEqualTo("could not publish tasks.add[1]: the broker amqp://guest:**@host:5672//"
                    + " is unreachable after 3 retries (task_publish_retry_policy): Connection refused");
        });
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aPublishThatSucceedsOnARetryIsNotAnError() {
        AtomicInteger attempts = new AtomicInteger();
        retry.run("publish", quick, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new BrokerException("blip", null, true);
            }
        });
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anyOtherErrorFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("publish", quick, () -> {
            attempts.incrementAndGet();
            throw new BrokerException("NOT_FOUND - no exchange 'x'", null, false);
        })).hasMessage("NOT_FOUND - no exchange 'x'");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void kombusIntervalsAndARetryPolicyOptionMergedOverTheDefault() {
        PublishRetryPolicy p = PublishRetryPolicy.CELERY_DEFAULT;
        assertThat(p.interval(0)).isEqualTo(Duration.ZERO);
        assertThat(p.interval(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.interval(5)).isEqualTo(Duration.ofMillis(200));
        PublishRetryPolicy merged = p.merge(Map.of("max_retries", 10, "interval_step", 0.5, "interval_max", 2));
        assertThat(merged).isEqualTo(new PublishRetryPolicy(10, Duration.ZERO, Duration.ofMillis(500),
                Duration.ofSeconds(2)));
        assertThat(merged.interval(3)).isEqualTo(Duration.ofMillis(1500));
        assertThat(merged.interval(9)).isEqualTo(Duration.ofSeconds(2));
    }
}
