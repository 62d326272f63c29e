package dev.lovage.protocol.codec;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.TaskMessage;
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

    private MessageDecoder(DecoderOptions options) {
        this.options = options;
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
        throw new UnsupportedOperationException("not yet implemented");
    }

    public DecoderOptions options() {
        return options;
    }
}
