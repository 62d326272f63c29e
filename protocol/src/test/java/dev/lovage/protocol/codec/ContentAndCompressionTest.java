package dev.lovage.protocol.codec;

import static dev.lovage.protocol.codec.DecoderFixtures.BODY;
import static dev.lovage.protocol.codec.DecoderFixtures.JSON_ONLY;
import static dev.lovage.protocol.codec.DecoderFixtures.assertRefused;
import static dev.lovage.protocol.codec.DecoderFixtures.decode;
import static dev.lovage.protocol.codec.DecoderFixtures.headers;
import static dev.lovage.protocol.codec.DecoderFixtures.props;
import static dev.lovage.protocol.codec.DecoderFixtures.zlib;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;


/** Which content a decoder accepts, and what it does with compressed and oversized bodies. */
final class ContentAndCompressionTest {
    @Test
    void neverAcceptsPickleEvenWhenListed() {
        MessageDecoder all = MessageDecoder.create(new DecoderOptions(List.of("json", "pickle"), 1 << 20));
        assertRefused(Reason.CONTENT_DISALLOWED, "pickle is never accepted",
                () -> all.decode(props("application/x-python-serialize"), headers(), new byte[] {(byte) 0x80}));
    }

    @Test
    void refusesContentOutsideTheAcceptList() {
        assertRefused(Reason.CONTENT_DISALLOWED, "'application/x-msgpack': not in accept_content [json]",
                () -> JSON_ONLY.decode(props("application/x-msgpack"), headers(), new byte[] {(byte) 0x93}));
        assertRefused(Reason.CONTENT_DISALLOWED, "'application/x-yaml'",
                () -> JSON_ONLY.decode(props("application/x-yaml"), headers(), "- 1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptListTakesNamesOrMimeTypes() {
        byte[] msgpack = Base64.getDecoder().decode("k5IBoWGBoWuSAQKEqWNhbGxiYWNrc8CoZXJyYmFja3PApWNoYWluwKVjaG9yZMA=");
        MessageDecoder byMime = MessageDecoder.create(new DecoderOptions(List.of("application/x-msgpack"), 1 << 20));
        assertThat(byMime.decode(props("application/x-msgpack"), headers(), msgpack).body().args())
                .containsExactly(1, "a");
        assertRefused(Reason.CONTENT_DISALLOWED, "'application/json'",
                () -> byMime.decode(props("application/json"), headers(), BODY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void trustedRawContentIsReadButIsNotATask() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertRefused(Reason.INVALID_TASK, "got raw bytes",
                () -> JSON_ONLY.decode(new MessageProperties("id-1", "application/data", "binary", null, 0, null),
                        headers(), body));
        assertRefused(Reason.INVALID_TASK, "got a String", () -> JSON_ONLY.decode(props("text/plain"), headers(), body));
        // A missing content type counts as application/data (kombu's loads).
        assertRefused(Reason.INVALID_TASK, "[args, kwargs, embed]", () -> JSON_ONLY.decode(props(null), headers(), body));
        assertRefused(Reason.INVALID_TASK, "unknown message format", () -> JSON_ONLY.decode(props(null), Map.of(), body));
    }

    @Test
    void anEmptyBodyIsNotATask() {
        assertRefused(Reason.INVALID_TASK, "[args, kwargs, embed]", () -> decode(headers(), ""));
    }

    @Test
    void decompressesBeforeDecodingAndKeepsTheHeader() {
        Map<String, @Nullable Object> h = headers();
        h.put("compression", new FakeLongString("application/x-gzip"));
        h.put("x-after", 1);
        TaskMessage m = JSON_ONLY.decode(props("application/json"), h, zlib(BODY.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.body().args()).containsExactly(2, 3);
        assertThat(m.headers().extra()).containsExactly(Map.entry("compression", "application/x-gzip"),
                Map.entry("x-after", 1));
    }

    @Test
    void anEmptyCompressionHeaderMeansNoCompression() {
        Map<String, @Nullable Object> h = headers();
        h.put("compression", "");
        assertThat(decode(h, BODY).body().args()).containsExactly(2, 3);
    }

    @Test
    void refusesAnUnknownCompressionOrACorruptStream() {
        Map<String, @Nullable Object> h = headers();
        h.put("compression", "application/x-snappy");
        assertRefused(Reason.DECODE_ERROR, "unknown compression 'application/x-snappy'", () -> decode(h, BODY));
        h.put("compression", "application/x-gzip");
        assertRefused(Reason.DECODE_ERROR, "cannot decompress the body with 'application/x-gzip'",
                () -> decode(h, "not zlib at all"));
    }

    @Test
    @Timeout(10)
    void stopsACompressionBombAtTheLimit() {
        // Whitespace is valid JSON, so the parser reads on until the cap; zero bytes would be refused at once.
        byte[] spaces = new byte[100 * 1024 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        spaces[0] = '[';
        byte[] bomb = zlib(spaces);
        assertThat(bomb.length).isLessThan(200 * 1024);
        MessageDecoder small = MessageDecoder.create(new DecoderOptions(List.of("json"), 1024 * 1024));
        Map<String, @Nullable Object> h = headers();
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
}
