package dev.lovage.worker;

import dev.lovage.protocol.TaskMessage;

/**
 * A received task message with where it came from: what listeners see.
 *
 * @since 0.1
 */
public record TaskRequest(TaskMessage message, TaskContext.DeliveryInfo deliveryInfo) {
    public String taskId() {
        return message.headers().id();
    }

    public String taskName() {
        return message.headers().task();
    }
}
