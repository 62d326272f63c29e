package dev.lovage.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.broker.redis.RedisTransportOptions.QueueOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class QueueCycleTest {

    @Test
    void roundRobinMovesTheQueueJustServedToTheEnd() {
        QueueCycle c = new QueueCycle(QueueOrder.ROUND_ROBIN);
        c.add("a");
        c.add("b");
        c.add("c");
        c.served("b");
        assertThat(c.order()).containsExactly("a", "c", "b");
        c.served("a");
        assertThat(c.order()).containsExactly("c", "b", "a");
        assertThat(c.rotates()).isTrue();
    }

    @Test
    void priorityKeepsTheGivenOrderAndSortedSorts() {
        QueueCycle p = new QueueCycle(QueueOrder.PRIORITY);
        p.add("b");
        p.add("a");
        p.served("b");
        assertThat(p.order()).containsExactly("b", "a");
        QueueCycle s = new QueueCycle(QueueOrder.SORTED);
        s.add("b");
        s.add("a");
        s.served("a");
        assertThat(s.order()).containsExactly("a", "b");
        assertThat(s.remove("a")).isTrue();
        assertThat(s.remove("a")).isFalse();
    }
}
