package dev.lovage.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class HeldMessagesTest {
    private static Held held(long tag) {
        return new Held(tag, "t" + tag, "q", Envelope.unreadable("{}"), "sha");
    }

    @Test
    void aSettlingMessageStaysHeldButNoLongerCountsAgainstTheWindow() {
        HeldMessages h = new HeldMessages();
        h.add(held(1));
        h.add(held(2));
        assertThat(h.unsettled()).isEqualTo(2);
        assertThat(h.settling(1)).isTrue();
        assertThat(h.settling(1)).as("settled once only").isFalse();
        assertThat(h.unsettled()).isEqualTo(1);
        assertThat(h.deliveryTags()).containsExactlyInAnyOrder("t1", "t2");
        assertThat(h.unsettledList()).extracting(Held::tag).containsExactly(2L);
        h.remove(1);
        assertThat(h.unsettled()).isEqualTo(1);
        h.remove(2);
        assertThat(h.unsettled()).isZero();
        assertThat(h.isEmpty()).isTrue();
    }

    @Test
    void aLostMessageCannotBeSettled() {
        HeldMessages h = new HeldMessages();
        h.add(held(7));
        h.remove(7);
        assertThat(h.settling(7)).isFalse();
        assertThat(h.get(7)).isNull();
        assertThat(h.unsettled()).isZero();
    }
}
