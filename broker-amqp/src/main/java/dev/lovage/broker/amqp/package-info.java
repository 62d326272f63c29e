/**
 * RabbitMQ as Lovage's broker: {@link dev.lovage.broker.amqp.AmqpBroker} implements the worker's broker seam
 * ({@link dev.lovage.worker.broker.Broker}) with the official RabbitMQ Java client, declaring and consuming as a
 * Python Celery worker does. It is found by URL scheme ({@code amqp://}, {@code amqps://}, {@code pyamqp://}) when this
 * jar is on the classpath. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.2
 */
@NullMarked
package dev.lovage.broker.amqp;

import org.jspecify.annotations.NullMarked;
