package dev.lovage.broker.amqp.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.impl.recovery.AutorecoveringChannel;
import com.rabbitmq.client.impl.recovery.RecoveryAwareChannelN;

/**
 * Where the delivery tags of a recovered channel start. After an automatic recovery the client numbers deliveries on
 * from the highest tag it had seen (its offset), and drops acknowledgements at or below it. Deliveries of the dead
 * channel that the client had read but not yet dispatched reach the consumer after the loss; their tags are at or
 * below the offset, which tells them apart exactly from the new channel's, whatever the timing. Stateless.
 */
final class DeliveryTags {
    private DeliveryTags() {
    }

    /** The highest tag that belongs to an earlier incarnation of {@code channel}; 0 when it was never recovered. */
    static long offset(Channel channel) {
        if (channel instanceof AutorecoveringChannel recovering
                && recovering.getDelegate() instanceof RecoveryAwareChannelN delegate) {
            return delegate.getActiveDeliveryTagOffset();
        }
        return 0;
    }
}
