/**
 * The broker seam: the four conversations a worker (or a client) holds with a broker, each a small interface —
 * {@link dev.lovage.worker.broker.TaskConsumer} (consuming task messages), {@link dev.lovage.worker.broker.TaskProducer}
 * (publishing them), {@link dev.lovage.worker.broker.ControlMailbox} (remote control, Celery's pidbox) and
 * {@link dev.lovage.worker.broker.EventStream} (monitoring events) — opened together by a
 * {@link dev.lovage.worker.broker.Broker}. Implementations live in their own modules ({@code lovage-broker-amqp},
 * {@code lovage-broker-redis}) and are found by {@link dev.lovage.worker.broker.BrokerFactory} from
 * {@code broker_url}. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.2
 */
@NullMarked
package dev.lovage.worker.broker;

import org.jspecify.annotations.NullMarked;
