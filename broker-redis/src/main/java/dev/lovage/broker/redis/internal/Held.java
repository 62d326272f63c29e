package dev.lovage.broker.redis.internal;

import org.jspecify.annotations.Nullable;

/**
 * A message this consumer popped and has not settled: recorded in {@code unacked} under its delivery tag, with the
 * SHA-1 of that record so that an ack or restore touches the record only while it is still this consumer's.
 *
 * @param tag       this consumer's number for it, increasing in delivery order
 * @param recordSha SHA-1 of the {@code unacked} record, null without ack emulation (nothing recorded)
 */
public record Held(long tag, String deliveryTag, String queue, Envelope envelope, @Nullable String recordSha) {
}
