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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class MessageDecoderTest {
    private static final MessageDecoder JSON_ONLY = MessageDecoder.create(DecoderOptions.DEFAULTS);
    private static final String BODY = "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, "
            + "\"chord\": null}]";

    private static Map<String, Object> headers() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", "tasks.add");
        h.put("id", "id-1");
        return h;
    }

    private static MessageProperties props(String contentType) {
        return new MessageProperties("id-1", contentType, "utf-8", null, 0, null);
    }

    private static TaskMessage decode(Map<String, Object> headers, String body) {
        return JSON_ONLY.decode(props("application/json"), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Reason reason, String message, Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
    }

    @Test
    void acceptsAMissingOrNullEmbed() {
        assertThat(decode(headers(), "[[1], {\"k\": 2}, null]").body().kwargs()).containsEntry("k", 2);
        assertThat(decode(headers(), "[[1], {}]").body().args()).containsExactly(1);
        assertThat(decode(headers(), "[[1], {}, {}]").body().embed().chord()).isNull();
    }

    @Test
    void readsHeaderValuesThatAreNotStringsButPrintAsText() {
        Map<String, Object> h = headers();
        h.put("task", new StringBuilder("tasks.add"));
        h.put("id", new Object() {
            @Override
            public String toString() {
                return "id-as-long-string";
            }
        });
        h.put("retries", 2L);
        h.put("nested", Map.of("a", List.of("b".getBytes(StandardCharsets.UTF_8))));
        TaskMessage m = decode(h, BODY);
        assertThat(m.headers().task()).isEqualTo("tasks.add");
        assertThat(m.headers().id()).isEqualTo("id-as-long-string");
        assertThat(m.headers().retries()).isEqualTo(2);
        assertThat(m.headers().extra()).containsEntry("nested", Map.of("a", List.of("b")));
    }

    @Test
    void refusesBadJson() {
        assertRefused(Reason.DECODE_ERROR, "cannot decode the application/json body", () -> decode(headers(), "[[1,"));
    }

    @Test
    void refusesMissingIdOrTask() {
        Map<String, Object> noId = headers();
        noId.remove("id");
        assertRefused(Reason.INVALID_TASK, "has no id", () -> decode(noId, BODY));
        Map<String, Object> noTask = headers();
        noTask.remove("task");
        assertRefused(Reason.INVALID_TASK, "unknown message format", () -> decode(noTask, BODY));
    }

    @Test
    void refusesBodiesOfTheWrongShape() {
        assertRefused(Reason.INVALID_TASK, "must be [args, kwargs, embed]", () -> decode(headers(), "{\"x\": 1}"));
        assertRefused(Reason.INVALID_TASK, "keyword arguments must be a mapping",
                () -> decode(headers(), "[[1], [2], null]"));
        assertRefused(Reason.INVALID_TASK, "args must be a list", () -> decode(headers(), "[5, {}, null]"));
    }

    @Test
    void refusesAnUnparsableEta() {
        Map<String, Object> h = headers();
        h.put("eta", "tomorrow at noon");
        assertRefused(Reason.INVALID_TASK, "invalid eta value 'tomorrow at noon'", () -> decode(h, BODY));
    }

    @Test
    void readsNaiveAndZuluTimesAsUtc() {
        Map<String, Object> h = headers();
        h.put("eta", "2026-11-24T05:12:09.479583");
        h.put("expires", "2026-11-24T06:00:00Z");
        TaskMessage m = decode(h, BODY);
        assertThat(m.headers().eta()).hasToString("2026-11-24T05:12:09.479583Z");
        assertThat(m.headers().expires()).hasToString("2026-11-24T06:00:00Z");
    }

    @Test
    void neverAcceptsPickleAndOnlyJsonByDefault() {
        MessageDecoder all = MessageDecoder.create(new DecoderOptions(List.of("json", "pickle"), 1 << 20));
        assertRefused(Reason.CONTENT_DISALLOWED, "pickle is never accepted",
                () -> all.decode(props("application/x-python-serialize"), headers(), new byte[] {(byte) 0x80}));
        assertRefused(Reason.CONTENT_DISALLOWED, "'application/x-msgpack'",
                () -> JSON_ONLY.decode(props("application/x-msgpack"), headers(), new byte[] {(byte) 0x93}));
    }

    @Test
    void refusesAnUnknownCompression() {
        Map<String, Object> h = headers();
        h.put("compression", "application/x-snappy");
        assertRefused(Reason.DECODE_ERROR, "unknown compression 'application/x-snappy'", () -> decode(h, BODY));
    }

    @Test
    void refusesACorruptStream() {
        Map<String, Object> h = headers();
        h.put("compression", "application/x-gzip");
        assertRefused(Reason.DECODE_ERROR, "cannot decompress", () -> decode(h, "not zlib at all"));
    }

    @Test
    void decodesZlibUnderItsAliasesAndRealGzipAndXz() throws IOException {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        for (String name : List.of("application/x-gzip", "zlib", "gzip")) {
            Map<String, Object> h = headers();
            h.put("compression", name);
            assertThat(JSON_ONLY.decode(props("application/json"), h, zlib(body, 9)).body().args())
                    .containsExactly(2, 3);
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body);
        }
        Map<String, Object> h = headers();
        h.put("compression", "application/x-gzip");
        assertThat(JSON_ONLY.decode(props("application/json"), h, gz.toByteArray()).body().args()).hasSize(2);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZCompressorOutputStream out = new XZCompressorOutputStream(xz)) {
            out.write(body);
        }
        h.put("compression", "application/x-lzma");
        assertThat(JSON_ONLY.decode(props("application/json"), h, xz.toByteArray()).body().args()).hasSize(2);
    }

    @Test
    void decodesBrotliAndZstdAsPythonsPackagesWriteThem() {
        // Made with Python's brotli 1.2 and zstandard 0.25 packages (what kombu uses) from BODY.
        Map<String, byte[]> bodies = Map.of(
                "application/x-brotli", Base64.getDecoder().decode(
                        "G1AA4MXOlqpdlmhSNY1su48/Tjng5oEH4HmQZnTSwwYcRBIGy5ppKl74F5T2EJfuw5DySgcuu1c="),
                "application/zstd", Base64.getDecoder().decode(
                        "KLUv/SBR9QEAFANbWzIsIDNdLCB7fSwgeyJjYWxsYmFja3MiOiBudWxsLCAiZXJyY2hhaW5jaG9yZH1dAwAysyZq061uPgE="));
        bodies.forEach((type, bytes) -> {
            Map<String, Object> h = headers();
            h.put("compression", type);
            assertThat(JSON_ONLY.decode(props("application/json"), h, bytes).body().args()).as(type)
                    .containsExactly(2, 3);
        });
    }

    @Test
    @Timeout(10)
    void stopsACompressionBombAtTheLimit() {
        byte[] bomb = zlib(new byte[100 * 1024 * 1024], 9);
        assertThat(bomb.length).isLessThan(200 * 1024);
        MessageDecoder small = MessageDecoder.create(new DecoderOptions(List.of("json"), 1024 * 1024));
        Map<String, Object> h = headers();
        h.put("compression", "zlib");
        assertRefused(Reason.TOO_LARGE, "larger than the limit of 1048576 bytes",
                () -> small.decode(props("application/json"), h, bomb));
    }

    @Test
    void refusesAnUncompressedBodyOverTheLimit() {
        MessageDecoder small = MessageDecoder.create(new DecoderOptions(List.of("json"), 16));
        assertRefused(Reason.TOO_LARGE, "more than the limit of 16",
                () -> small.decode(props("application/json"), headers(), BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aHybridMessageTakesFieldsFromTheBodyAndHeadersWin() {
        TaskMessage m = decode(headers(), "{\"task\": \"tasks.old\", \"id\": \"body-id\", \"args\": [1], "
                + "\"kwargs\": {}, \"retries\": 2}");
        assertThat(m.headers().task()).isEqualTo("tasks.add");
        assertThat(m.headers().id()).isEqualTo("id-1");
        assertThat(m.headers().retries()).isEqualTo(2);
        assertThat(m.body().args()).containsExactly(1);
    }

    private static byte[] zlib(byte[] data, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(level))) {
            z.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
