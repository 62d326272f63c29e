package dev.lovage.protocol.codec;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.internal.BodyReader;
import dev.lovage.protocol.internal.Compression;
import dev.lovage.protocol.internal.HeaderReader;
import dev.lovage.protocol.internal.HeaderValues;
import dev.lovage.protocol.internal.ProtocolOne;
import dev.lovage.protocol.internal.Serializers;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a delivered message into a {@link TaskMessage}, in the order kombu and Celery's consumer use: decompress per
 * the {@code compression} header, check the content type against {@code accept_content}, deserialize, then tell
 * protocol v2 from v1 (and hybrid). Immutable and thread-safe: one instance can serve every consumer thread.
 *
 * @since 0.1
 */
public final class MessageDecoder {
    private final DecoderOptions options;
    private final List<String> accept;
    private final Serializers.Limits limits;

    private MessageDecoder(DecoderOptions options) {
        this.options = options;
        this.accept = options.acceptContent();
        this.limits = new Serializers.Limits(options.maxBodyDepth(), options.maxBodyItems());
    }

    /** A decoder that accepts what {@code options} says. */
    public static MessageDecoder create(DecoderOptions options) {
        return new MessageDecoder(options);
    }

    /**
     * Decodes one message. The {@code compression} header, when present, stays in {@link
     * dev.lovage.protocol.TaskHeaders#extra()} because the raw body it describes is what a retry republishes.
     *
     * @param properties the AMQP properties; a null content type counts as {@code application/data}
     * @param rawHeaders the application headers as the broker client hands them (any value whose {@code toString()}
     *                   is its text, such as AMQP LongString, is read as a string); not modified
     * @param body       the raw body bytes; not modified
     * @return the message in the v2 shape, never null
     * @throws ProtocolException with the reason Celery would act on: DECODE_ERROR (ack and drop),
     *         CONTENT_DISALLOWED or INVALID_TASK (reject without requeue), TOO_LARGE (over the size,
     *         depth or item limits)
     */
    public TaskMessage decode(MessageProperties properties, Map<String, @Nullable Object> rawHeaders, byte[] body) {
        Map<String, @Nullable Object> headers = HeaderValues.normalise(rawHeaders);
        String contentType = acceptedContentType(properties, body);
        return toMessage(properties, headers, payload(contentType, properties, headers, body));
    }

    /**
     * Decodes the headers of one message and checks its size and content type now, but defers the body of a
     * protocol 2 message to the first {@link TaskMessage#body()} call: what a worker holds for a message waiting
     * for its turn is then its raw bytes, not its decoded arguments. Protocol 1 and hybrid messages, whose task
     * name or fields are in the body, and YAML bodies, are decoded now, as {@link #decode} does.
     *
     * @throws ProtocolException as {@link #decode} does, for what can be told from the headers, size and content
     *         type; {@link TaskMessage#body()} throws for the rest
     */
    public TaskMessage decodeDeferred(MessageProperties properties, Map<String, @Nullable Object> rawHeaders,
            byte[] body) {
        Map<String, @Nullable Object> headers = HeaderValues.normalise(rawHeaders);
        String contentType = acceptedContentType(properties, body);
        if (headers.containsKey("task") && startsWithList(contentType, headers.get("compression"), body)) {
            TaskHeaders h = HeaderReader.read(headers);
            return TaskMessage.deferred(properties, h, 2,
                    () -> BodyReader.v2(payload(contentType, properties, headers, body)));
        }
        return toMessage(properties, headers, payload(contentType, properties, headers, body));
    }

    // The content type (kombu: a missing one is application/data), once the raw size and acceptance are checked.
    private String acceptedContentType(MessageProperties properties, byte[] body) {
        if (body.length > options.maxBodyBytes()) {
            throw new ProtocolException(Reason.TOO_LARGE, "the body has " + body.length
                    + " bytes, more than the limit of " + options.maxBodyBytes() + " (worker_max_body_size)");
        }
        String contentType = properties.contentType() == null ? "application/data"
                : Serializers.contentTypeOf(properties.contentType());
        if (contentType.equals(Serializers.PICKLE)) {
            throw new ProtocolException(Reason.CONTENT_DISALLOWED, "refusing to deserialize content of type '"
                    + contentType + "': pickle is never accepted, whatever accept_content says " + accept);
        }
        if (!Serializers.accepts(accept, contentType)) {
            throw new ProtocolException(Reason.CONTENT_DISALLOWED, "refusing to deserialize content of type '"
                    + contentType + "': not in accept_content " + accept);
        }
        return contentType;
    }

    // Mirrors kombu/message.py Message.__init__: decompress (when the header is truthy) before anything else.
    private @Nullable Object payload(String contentType, MessageProperties properties,
            Map<String, @Nullable Object> headers, byte[] body) {
        Object compression = headers.get("compression");
        if (compression == null || compression.toString().isEmpty()) {
            return Serializers.read(contentType, properties.contentEncoding(), body, limits);
        }
        // Parsed as it inflates: a bomb stops at the parser's limits having inflated little.
        try (InputStream in = Compression.stream(compression.toString(), body, options.maxBodyBytes())) {
            return Serializers.read(contentType, properties.contentEncoding(), in, limits);
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR, "cannot read the decompressed body: " + e, e);
        }
    }

    // A protocol 2 body is a list; v1 and hybrid bodies are mappings. Only the first bytes are looked at (and
    // inflated, for a compressed body), so a body kept for later costs nothing here.
    private static boolean startsWithList(String contentType, @Nullable Object compression, byte[] body) {
        byte[] head = compression != null && !compression.toString().isEmpty()
                ? Compression.head(compression.toString(), body, 64) : body;
        if (contentType.equals(Serializers.JSON)) {
            for (byte b : head) {
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    return b == '[';
                }
            }
            return false;
        }
        if (contentType.equals(Serializers.MSGPACK) && head.length > 0) {
            int b = head[0] & 0xff;
            return (b >= 0x90 && b <= 0x9f) || b == 0xdc || b == 0xdd;
        }
        return false;
    }

    // Mirrors celery/worker/consumer/consumer.py on_task_received and worker/strategy.py default: v2 when the headers
    // have a 'task' key; otherwise v1 when the body is a mapping with a task; hybrid when v2 headers come with a
    // mapping body holding 'args'; anything else is an unknown message.
    @SuppressWarnings("unchecked")
    private static TaskMessage toMessage(MessageProperties props, Map<String, @Nullable Object> headers,
            @Nullable Object body) {
        if (headers.containsKey("task")) {
            if (body instanceof Map<?, ?> m && m.containsKey("args")) {
                Map<String, @Nullable Object> b = (Map<String, @Nullable Object>) m;
                return new TaskMessage(props, HeaderReader.read(ProtocolOne.hybridHeaders(b, headers)),
                        ProtocolOne.body(b), 2);
            }
            return new TaskMessage(props, HeaderReader.read(headers), BodyReader.v2(body), 2);
        }
        if (body instanceof Map<?, ?> m && m.get("task") != null) {
            Map<String, @Nullable Object> b = (Map<String, @Nullable Object>) m;
            return new TaskMessage(props, HeaderReader.read(ProtocolOne.v1Headers(b, headers)),
                    ProtocolOne.body(b), 1);
        }
        throw new ProtocolException(Reason.INVALID_TASK, "unknown message format: no task name in the headers or "
                + "the body (a " + (body == null ? "null" : body.getClass().getSimpleName()) + " body)");
    }

    /** The options this decoder was created with. */
    public DecoderOptions options() {
        return options;
    }
}
