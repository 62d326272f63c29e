package dev.lovage.worker.internal;

import dev.lovage.protocol.TaskBody;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.protocol.codec.TaskMessageEncoder;
import dev.lovage.worker.broker.TaskProducer;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.broker.Delivery;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.TaskSignal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the message a retry sends, as celery/app/task.py {@code Task.retry} builds it: same id and body,
 * {@code retries + 1}, a new {@code eta}, the other headers (custom ones included, x-death ones dropped, as 5.6.3
 * does), to the queue the task came from.
 */
final class RetryPublisher {
    private final TaskProducer producer;
    private final InstantSource clock;

    RetryPublisher(TaskProducer producer, InstantSource clock) {
        this.producer = producer;
        this.clock = clock;
    }

    void publish(Delivery delivery, TaskRequest request, TaskSignal.Retry retry) {
        Duration countdown = retry.countdown();
        TaskHeaders h = request.message().headers();
        Instant eta = clock.instant().plus(countdown);
        Map<String, @Nullable Object> extra = new LinkedHashMap<>();
        h.extra().forEach((k, v) -> {
            if (!k.startsWith("x-death") && !k.startsWith("x-first-death") && !k.startsWith("x-last-death")
                    && !k.equals("x-delivery-count")) {
                extra.put(k, v);
            }
        });
        TaskHeaders retried = new TaskHeaders(h.lang(), h.task(), h.id(), h.rootId(), h.parentId(), h.group(),
                h.groupIndex(), h.shadow(), eta, h.expires(), h.retries() + 1, h.timelimit(), h.argsrepr(),
                h.kwargsrepr(), h.origin(), h.ignoreResult(), extra);
        Map<String, @Nullable Object> headers = TaskMessageEncoder.headers(retried);
        MessageProperties p = request.message().properties();
        String expiration = null;
        if (h.expires() != null) {
            expiration = Long.toString(Math.max(0, Duration.between(clock.instant(), h.expires()).toMillis()));
        }
        byte[] body = delivery.body();
        String contentType = p.contentType();
        String contentEncoding = p.contentEncoding();
        if (retry.args() != null) {
            // Mirrors Task.retry(args=..., kwargs=...): the same message with the new call, in JSON.
            TaskBody old = request.message().body();
            body = PyJson.write(Arrays.asList(retry.args(), retry.kwargs(), old.embed().toDict()))
                    .getBytes(StandardCharsets.UTF_8);
            contentType = "application/json";
            contentEncoding = "utf-8";
        }
        MessageProperties props = new MessageProperties(h.id(), contentType, contentEncoding, p.replyTo(),
                request.deliveryInfo().priority() == null ? 0 : request.deliveryInfo().priority(), expiration);
        String exchange = request.deliveryInfo().exchange();
        // Mirrors signature_from_request: from the default exchange, route by queue name; otherwise reuse both.
        producer.publish(new OutgoingMessage(exchange, request.deliveryInfo().routingKey(), props, headers, body));
    }
}
