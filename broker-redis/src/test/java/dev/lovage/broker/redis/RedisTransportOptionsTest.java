package dev.lovage.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.broker.redis.RedisTransportOptions.QueueOrder;
import dev.lovage.worker.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class RedisTransportOptionsTest {

    @Test
    void defaultsAreKombus() {
        RedisTransportOptions o = RedisTransportOptions.DEFAULTS;
        assertThat(o.visibilityTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(o.sep()).isEqualTo("\u0006\u0016");
        assertThat(o.prioritySteps()).containsExactly(0, 3, 6, 9);
        assertThat(o.queueOrderStrategy()).isEqualTo(QueueOrder.ROUND_ROBIN);
        assertThat(o.fanoutPrefix()).isEqualTo("/{db}.");
        assertThat(o.fanoutPatterns()).isTrue();
        assertThat(o.unackedKey()).isEqualTo("unacked");
        assertThat(o.unackedIndexKey()).isEqualTo("unacked_index");
        assertThat(o.unackedMutexKey()).isEqualTo("unacked_mutex");
        assertThat(o.unackedMutexExpire()).isEqualTo(Duration.ofSeconds(300));
        assertThat(o.ackEmulation()).isTrue();
        assertThat(o.globalKeyprefix()).isEmpty();
    }

    @Test
    void readsJsonValuesAndTheirText() {
        RedisTransportOptions o = RedisTransportOptions.from(Map.of("visibility_timeout", 10,
                "priority_steps", "[0, 5]", "queue_order_strategy", "sorted", "fanout_prefix", "false",
                "unacked_restore_interval", "2.5", "global_keyprefix", "gp:", "master_name", "mymaster"));
        assertThat(o.visibilityTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.prioritySteps()).containsExactly(0, 5);
        assertThat(o.queueOrderStrategy()).isEqualTo(QueueOrder.SORTED);
        assertThat(o.fanoutPrefix()).isEmpty();
        assertThat(o.restoreInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.raw()).containsEntry("master_name", "mymaster").containsEntry("visibility_timeout", "10");
    }

    @Test
    void cadencesFollowTheVisibilityTimeout() {
        assertThat(RedisTransportOptions.DEFAULTS.restoreInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RedisTransportOptions.DEFAULTS.leaseRenewalInterval()).isEqualTo(Duration.ofSeconds(30));
        RedisTransportOptions ten = RedisTransportOptions.from(Map.of("visibility_timeout", 10));
        assertThat(ten.restoreInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ten.leaseRenewalInterval()).isEqualTo(Duration.ofMillis(2500));
        RedisTransportOptions tiny = RedisTransportOptions.from(Map.of("visibility_timeout", 0.2));
        assertThat(tiny.restoreInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(tiny.leaseRenewalInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void listsEveryBadValueAtOnce() {
        assertThatThrownBy(() -> RedisTransportOptions.from(Map.of("visibility_timeout", "soon",
                "priority_steps", List.of(3, 1), "queue_order_strategy", "random", "sep", "",
                "ack_emulation", "maybe")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5))
                .hasMessageContaining("broker_transport_options.visibility_timeout=soon")
                .hasMessageContaining("priority_steps")
                .hasMessageContaining("round_robin, priority or sorted");
    }

    @Test
    void unknownAndInapplicableOptionsAreAccepted() {
        assertThat(RedisTransportOptions.from(Map.of("polling_interval", 0.3, "max_retries", 3, "region", "x"))
                .visibilityTimeout()).isEqualTo(Duration.ofHours(1));
    }
}
