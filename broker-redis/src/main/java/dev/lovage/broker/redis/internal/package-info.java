/**
 * The kombu Redis transport's layout and the consumer, producer, remote control and events built on it. Not public
 * API. Non-null unless {@code @Nullable}.
 */
@NullMarked
package dev.lovage.broker.redis.internal;

import org.jspecify.annotations.NullMarked;
