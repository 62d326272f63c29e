package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.TaskMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.jspecify.annotations.Nullable;

/** What the decoder tests share: a JSON-only decoder, a task's headers and body, and how a refusal is checked. */
final class DecoderFixtures {
    static final MessageDecoder JSON_ONLY = MessageDecoder.create(DecoderOptions.DEFAULTS);
    static final String BODY = "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, "
            + "\"chord\": null}]";

    static Map<String, @Nullable Object> headers() {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", "tasks.add");
        h.put("id", "id-1");
        return h;
    }

    static MessageProperties props(@Nullable String contentType) {
        return new MessageProperties("id-1", contentType, "utf-8", null, 0, null);
    }

    static TaskMessage decode(Map<String, @Nullable Object> headers, String body) {
        return JSON_ONLY.decode(props("application/json"), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static void assertRefused(Reason reason, String message, Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
    }

    static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private DecoderFixtures() {
    }
}
