package dev.lovage.protocol;

import dev.lovage.protocol.codec.EncodedMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One thing applying a signature does, in the order Celery does it: publish a task message, or (for a chord on a
 * backend that joins natively) write the chord size before the last header task is published, or save a header
 * that holds group results. A {@link CanvasPlan} lists them; the client or worker performs them with its broker and
 * result backend. Immutable.
 *
 * @since 0.2
 */
public sealed interface PlanStep {

    /**
     * Publish {@code encoded} to {@code exchange} with {@code routingKey}, durably, after declaring {@code queue}
     * (when not null) as Celery declares a missing queue.
     *
     * @param message     the message as a model, for inspection; {@code encoded} is what goes on the wire
     * @param retry       whether a failed publish is retried ({@code retry} option, default true)
     * @param retryPolicy the {@code retry_policy} option ({@code max_retries}, {@code interval_start},
     *                    {@code interval_step}, {@code interval_max}); empty means the publisher's default
     */
    record Publish(String exchange, String routingKey, @Nullable String queue, TaskMessage message,
            EncodedMessage encoded, boolean retry, Map<String, @Nullable Object> retryPolicy) implements PlanStep {
        public Publish {
            retryPolicy = Collections.unmodifiableMap(new LinkedHashMap<>(retryPolicy));
        }

        /** The task id. */
        public String taskId() {
            return message.headers().id();
        }
    }

    /**
     * celery/backends/redis.py {@code set_chord_size}: how many header results complete chord {@code groupId}.
     * Written just before the last header task is published.
     */
    record SetChordSize(String groupId, int size) implements PlanStep {
    }

    /**
     * celery/backends/redis.py {@code apply_chord}: a header holding group results is saved under
     * {@code celery-taskset-meta-<groupId>} (SET with the chord expiry, no publish) before the header is published.
     */
    record SaveChordHeader(String groupId, ResultRef header) implements PlanStep {
    }

    /**
     * celery/backends/redis.py {@code add_to_chord}: chord {@code groupId} gets one more part (INCR of its
     * {@code .t} key), before the added task is published.
     */
    record AddToChord(String groupId) implements PlanStep {
    }
}
