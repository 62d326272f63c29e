package dev.lovage.worker.broker;

/**
 * Receives deliveries on a broker thread. It must return quickly and never block; anything it throws is caught by the
 * consumer, which rejects that delivery and carries on.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface DeliverySink {
    void accept(Delivery delivery);
}
