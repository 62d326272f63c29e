/**
 * Redis as the Celery broker, byte-compatible with kombu's Redis transport: {@link
 * dev.lovage.broker.redis.RedisBroker} (found for {@code redis://}, {@code rediss://} and {@code sentinel://}
 * broker URLs by {@link dev.lovage.broker.redis.RedisBrokerFactory}) and its
 * {@link dev.lovage.broker.redis.RedisTransportOptions}. Everything here is non-null unless {@code @Nullable}.
 */
@NullMarked
package dev.lovage.broker.redis;

import org.jspecify.annotations.NullMarked;
