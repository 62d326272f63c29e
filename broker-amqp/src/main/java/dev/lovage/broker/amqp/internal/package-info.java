/** Internals of the RabbitMQ broker; not API. Non-null unless annotated {@code @Nullable}. */
@NullMarked
package dev.lovage.broker.amqp.internal;

import org.jspecify.annotations.NullMarked;
