package dev.lovage.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.codec.PyJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class EnvelopeTest {

    static List<String> captured() throws IOException {
        try (InputStream in = EnvelopeTest.class.getResourceAsStream("/kombu-5.7.0/list-elements.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void readsWhatACelery57ProducerStored() throws IOException {
        Envelope e = Envelope.parse(captured().getFirst());
        assertThat(e.tag()).isEqualTo("54b29fef-3695-4ee9-8c70-0142e87eb03c");
        assertThat(e.priority()).isEqualTo(5);
        assertThat(e.exchange()).isEmpty();
        assertThat(e.routingKey()).isEqualTo("celery");
        assertThat(e.redelivered()).isFalse();
        MessageProperties p = e.messageProperties();
        assertThat(p.correlationId()).isEqualTo("79bf4ff5-88de-427f-826c-a7694497da68");
        assertThat(p.contentType()).isEqualTo("application/json");
        assertThat(p.contentEncoding()).isEqualTo("utf-8");
        assertThat(p.replyTo()).isEqualTo("a6d694ca-f3a6-3603-a012-c3b8e7472b03");
        assertThat(e.headers()).containsEntry("task", "app.add").containsEntry("retries", 0)
                .containsEntry("argsrepr", "(1, 2)");
        assertThat(new String(e.body(), StandardCharsets.UTF_8))
                .isEqualTo("[[1, 2], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]");
    }

    @Test
    void writesWhatKombuWritesByteForByte() throws IOException {
        for (String raw : captured()) {
            Envelope e = Envelope.parse(raw);
            String again = Envelope.encode(e.exchange(), e.routingKey(), e.messageProperties(), e.headers(),
                    e.body(), 2, e.tag());
            assertThat(again).isEqualTo(raw);
        }
    }

    @Test
    void aRestoredCopyIsMarkedRedeliveredAndOtherwiseTheSame() throws IOException {
        String raw = captured().getFirst();
        Envelope e = Envelope.parse(raw);
        String copy = e.redeliveredCopy();
        // Mirrors the captured restore: "stamps": {}, "redelivered": true} ... "routing_key": "celery", "redelivered": true}
        assertThat(copy).contains("\"stamps\": {}, \"redelivered\": true}")
                .contains("\"routing_key\": \"celery\", \"redelivered\": true}");
        Envelope back = Envelope.parse(copy);
        assertThat(back.redelivered()).isTrue();
        assertThat(back.headers()).isEqualTo(e.headers());
        assertThat(back.body()).isEqualTo(e.body());
        assertThat(back.tag()).isEqualTo(e.tag());
        assertThat(Envelope.parse(copy).redeliveredCopy()).isEqualTo(copy);
    }

    @Test
    void aBodyWithoutEncodingIsTheTextItself() {
        Envelope e = Envelope.parse("{\"body\": \"[1]\", \"properties\": {\"delivery_tag\": \"t\"}}");
        assertThat(e.body()).isEqualTo("[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(e.priority()).isZero();
        assertThat(e.exchange()).isEmpty();
    }

    @Test
    void priorityIsReadAsPythonsIntAndClamped() {
        assertThat(priority("7.9")).isEqualTo(7);
        assertThat(priority("12")).isEqualTo(9);
        assertThat(priority("-1")).isZero();
        assertThat(priority("\"4\"")).isEqualTo(4);
        assertThat(priority("\"x\"")).isZero();
        assertThat(priority("null")).isZero();
    }

    private static int priority(String json) {
        return Envelope.parse("{\"properties\": {\"priority\": " + json + "}}").priority();
    }

    @Test
    void badInputNamesTheCause() {
        assertThatThrownBy(() -> Envelope.parse("[1, 2]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Envelope.parse("{\"body\": \"x\", \"properties\": {\"body_encoding\": \"rot13\"}}")
                .body()).isInstanceOf(ProtocolException.class).hasMessageContaining("rot13");
        // Python's b64decode skips characters outside the alphabet; so does the MIME decoder.
        assertThat(Envelope.parse("{\"body\": \"*&^\", \"properties\": {\"body_encoding\": \"base64\"}}")
                .body()).isEmpty();
    }

    @Test
    void encodesBinaryBodiesAsBase64() {
        byte[] body = {(byte) 0x82, 0x00, (byte) 0xff};
        String json = Envelope.encode("", "q", new MessageProperties("id", "application/x-msgpack", "binary", null,
                3, null), Map.of(), body, 2, "tag");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) PyJson.read(json);
        assertThat(m.get("body")).isEqualTo(Base64.getEncoder().encodeToString(body));
        assertThat(Envelope.parse(json).body()).isEqualTo(body);
        assertThat(Envelope.parse(json).priority()).isEqualTo(3);
    }
}
