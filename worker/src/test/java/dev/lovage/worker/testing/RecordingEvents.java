package dev.lovage.worker.testing;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.broker.EventStream;
import dev.lovage.worker.broker.OutgoingMessage;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@link RecordingBroker}'s {@code celeryev}: published events go to the broker's record; one subscriber. */
final class RecordingEvents implements EventStream {
    private final Consumer<OutgoingMessage> published;
    private volatile @Nullable Consumer<byte[]> subscriber;

    RecordingEvents(Consumer<OutgoingMessage> published) {
        this.published = published;
    }

    @Override
    public void publish(String routingKey, Map<String, Object> headers, byte[] body) {
        published.accept(new OutgoingMessage("celeryev", routingKey, MessageProperties.JSON, headers, body));
    }

    @Override
    public void subscribe(String bindingKey, Consumer<byte[]> sink) {
        subscriber = sink;
    }

    /** Hands an event to the worker's subscriber, as the exchange would. */
    void deliver(byte[] body) {
        Consumer<byte[]> sink = subscriber;
        if (sink == null) {
            throw new IllegalStateException("the worker has not subscribed to events");
        }
        sink.accept(body);
    }
}
