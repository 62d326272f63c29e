package dev.lovage.protocol.codec;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.TaskBody;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.internal.BodyReader;
import dev.lovage.protocol.internal.Compression;
import dev.lovage.protocol.internal.HeaderReader;
import dev.lovage.protocol.internal.HeaderValues;
import dev.lovage.protocol.internal.ProtocolOne;
import dev.lovage.protocol.internal.Serializers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a delivered message into a {@link TaskMessage}: decompress per the {@code compression} header, check the
 * content type against {@code accept_content}, deserialize, then tell protocol v2 from v1 (and hybrid) as Celery's
 * consumer does. Thread-safe and stateless.
 *
 * @since 0.1
 */
public final class MessageDecoder {
    private final DecoderOptions options;
    private final List<String> accept;

    private MessageDecoder(DecoderOptions options) {
        this.options = options;
        this.accept = options.acceptContent();
    }

    public static MessageDecoder create(DecoderOptions options) {
        return new MessageDecoder(options);
    }

    /**
     * Decodes one message.
     *
     * @param properties the AMQP properties
     * @param rawHeaders the application headers as the broker client hands them (any value whose {@code toString()}
     *                   is its text, such as AMQP LongString, is read as a string)
     * @param body       the raw body bytes
     * @throws ProtocolException with the reason Celery would act on
     */
    public TaskMessage decode(MessageProperties properties, Map<String, @Nullable Object> rawHeaders, byte[] body) {
        Map<String, @Nullable Object> headers = HeaderValues.normalise(rawHeaders);
        byte[] plain = body;
        Object compression = headers.remove("compression");
        if (compression != null) {
            plain = Compression.decompress(compression.toString(), body, options.maxBodyBytes());
        } else if (body.length > options.maxBodyBytes()) {
            throw new ProtocolException(Reason.TOO_LARGE, "the body has " + body.length
                    + " bytes, more than the limit of " + options.maxBodyBytes() + " (worker_max_body_size)");
        }
        String contentType = properties.contentType() == null ? "application/data"
                : Serializers.contentTypeOf(properties.contentType());
        if (!Serializers.accepts(accept, contentType)) {
            String why = contentType.equals(Serializers.PICKLE) ? " (pickle is never accepted)" : "";
            throw new ProtocolException(Reason.CONTENT_DISALLOWED, "refusing to deserialize content of type '"
                    + contentType + "'" + why + "; accept_content is " + accept);
        }
        Object decoded = Serializers.read(contentType, plain);
        if (compression != null) {
            // Keep the header: a retry republishes the same compressed body.
            headers.put("compression", compression);
        }
        return toMessage(properties, headers, decoded);
    }

    // Mirrors celery/worker/consumer/consumer.py create_task_handler and strategy.default: v2 when the headers
    // name the task; v1 when the body is a mapping with a task; hybrid when v2 headers come with a mapping body.
    @SuppressWarnings("unchecked")
    private static TaskMessage toMessage(MessageProperties props, Map<String, @Nullable Object> headers,
            @Nullable Object body) {
        if (headers.get("task") != null) {
            if (body instanceof Map<?, ?> m && m.containsKey("args")) {
                Map<String, @Nullable Object> b = (Map<String, @Nullable Object>) m;
                TaskHeaders h = HeaderReader.read(ProtocolOne.headers(b, headers));
                return new TaskMessage(props, h,
                        new TaskBody(ProtocolOne.args(b), ProtocolOne.kwargs(b), ProtocolOne.embed(b)), 2);
            }
            return new TaskMessage(props, HeaderReader.read(headers), BodyReader.v2(body), 2);
        }
        if (body instanceof Map<?, ?> m && m.get("task") != null) {
            Map<String, @Nullable Object> b = (Map<String, @Nullable Object>) m;
            TaskHeaders h = HeaderReader.read(ProtocolOne.headers(b, new LinkedHashMap<>(headers)));
            return new TaskMessage(props, h,
                    new TaskBody(ProtocolOne.args(b), ProtocolOne.kwargs(b), ProtocolOne.embed(b)), 1);
        }
        throw new ProtocolException(Reason.INVALID_TASK,
                "unknown message format: no task name in the headers or the body");
    }

    public DecoderOptions options() {
        return options;
    }
}
