package dev.lovage.worker.testing;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.broker.ControlMailbox;
import dev.lovage.worker.broker.OutgoingMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@link RecordingBroker}'s pidbox: replies go to the broker's record, broadcasts are kept, nobody answers them. */
final class RecordingMailbox implements ControlMailbox {
    private final Consumer<OutgoingMessage> replies;
    private final List<Map<String, Object>> broadcasts = new CopyOnWriteArrayList<>();
    private volatile @Nullable Consumer<byte[]> requests;

    RecordingMailbox(Consumer<OutgoingMessage> replies) {
        this.replies = replies;
    }

    @Override
    public void listen(String nodeName, Consumer<byte[]> requests) {
        this.requests = requests;
    }

    @Override
    public void reply(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {
        replies.accept(new OutgoingMessage(exchange, routingKey, MessageProperties.JSON, headers, body));
    }

    @Override
    public List<byte[]> broadcast(Map<String, Object> request, Duration wait) {
        broadcasts.add(request);
        return List.of();
    }

    /** Hands a request to the worker's listener, as the pidbox fanout would. */
    void request(byte[] body) {
        Consumer<byte[]> listener = requests;
        if (listener == null) {
            throw new IllegalStateException("the worker does not listen for remote control yet");
        }
        listener.accept(body);
    }

    List<Map<String, Object>> broadcasts() {
        return List.copyOf(broadcasts);
    }
}
