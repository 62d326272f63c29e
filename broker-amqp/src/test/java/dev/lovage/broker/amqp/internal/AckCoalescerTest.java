package dev.lovage.broker.amqp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AckCoalescerTest {
    private final AckCoalescer coalescer = new AckCoalescer();
    private final RecordingFrames frames = new RecordingFrames();

    @Test
    void finishedRunBelowEverythingUnsettledIsOneMultipleAck() throws Exception {
        deliver(1, 2, 3, 4, 5);
        coalescer.ack(3);
        coalescer.ack(1);
        coalescer.ack(5);
        coalescer.ack(2);
        coalescer.ack(4);
        coalescer.flush(0, frames);
        assertThat(frames.sent).containsExactly("ack 5 multiple");
    }

    @Test
    void aRunningTaskIsNeverCoveredByAMultipleAck() throws Exception {
        deliver(1, 2, 3, 4);
        coalescer.ack(1);
        coalescer.ack(3);
        coalescer.ack(4);
        coalescer.flush(0, frames);
        // Tag 2 still runs: only 1 is below it, 3 and 4 go one by one.
        assertThat(frames.sent).containsExactly("ack 1", "ack 3", "ack 4");

        coalescer.ack(2);
        coalescer.flush(0, frames);
        assertThat(frames.sent).endsWith("ack 2");
    }

    @Test
    void aTagLeftUnacknowledgedStopsTheRunForGood() throws Exception {
        deliver(7, 8, 9, 10);
        coalescer.ack(7);
        coalescer.ack(8);
        coalescer.ack(10);
        coalescer.flush(0, frames);
        assertThat(frames.sent).containsExactly("ack 8 multiple", "ack 10");
    }

    @Test
    void tagsOfADeadChannelIncarnationNoLongerHoldBackAMultipleAck() throws Exception {
        // 1 to 3 were delivered before a reconnect and never settled; the recovered channel numbers on from 3.
        deliver(1, 2, 3, 4, 5, 6);
        coalescer.ack(4);
        coalescer.ack(5);
        coalescer.ack(6);
        coalescer.flush(3, frames);
        assertThat(frames.sent).containsExactly("ack 6 multiple");
    }

    @Test
    void rejectsGoOutBeforeAMultipleAckThatSpansThem() throws Exception {
        deliver(1, 2, 3);
        coalescer.ack(1);
        coalescer.reject(2, true);
        coalescer.ack(3);
        coalescer.flush(0, frames);
        assertThat(frames.sent).containsExactly("reject 2 requeue", "ack 3 multiple");
    }

    @Test
    void onlyTheFirstSettlementOfABurstAsksForAFlush() throws Exception {
        deliver(1, 2, 3);
        assertThat(coalescer.ack(1)).isTrue();
        assertThat(coalescer.ack(2)).isFalse();
        assertThat(coalescer.reject(3, false)).isFalse();
        coalescer.flush(0, frames);
        assertThat(frames.sent).containsExactly("reject 3", "ack 2 multiple");
        assertThat(coalescer.ack(4)).isTrue();
    }

    @Test
    void aFlushWithNothingQueuedSendsNothing() throws Exception {
        deliver(1);
        coalescer.flush(0, frames);
        assertThat(frames.sent).isEmpty();
    }

    private void deliver(long... tags) {
        for (long tag : tags) {
            coalescer.delivered(tag);
        }
    }

    private static final class RecordingFrames implements AckCoalescer.Frames {
        final List<String> sent = new ArrayList<>();

        @Override
        public void ack(long tag, boolean multiple) {
            sent.add("ack " + tag + (multiple ? " multiple" : ""));
        }

        @Override
        public void reject(long tag, boolean requeue) {
            sent.add("reject " + tag + (requeue ? " requeue" : ""));
        }
    }
}
