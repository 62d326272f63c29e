package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.TaskMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The decoded size of a message is bounded (depth, values, bytes) and a v2 body waits, raw, until it is asked for. */
@Timeout(10)
final class DecodeLimitsTest {
    private static final MessageDecoder DECODER = MessageDecoder.create(
            new DecoderOptions(List.of("json", "msgpack"), 1024 * 1024, 20, 10_000));

    private static Map<String, @Nullable Object> headers() {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("task", "tasks.add");
        h.put("id", "id-1");
        return h;
    }

    private static MessageProperties json() {
        return new MessageProperties("id-1", "application/json", "utf-8", null, 0, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zlib(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void assertTooLarge(String message, Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOf(ProtocolException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void refusesABodyNestedDeeperThanTheLimitNamingTheSetting() {
        String deep = "[[" + "[".repeat(25) + "]".repeat(25) + "], {}, null]";
        assertTooLarge("nests deeper than 20 levels (worker_max_body_depth)",
                () -> DECODER.decode(json(), headers(), utf8(deep)));
        String fits = "[[" + "[".repeat(15) + "]".repeat(15) + "], {}, null]";
        assertThat(DECODER.decode(json(), headers(), utf8(fits)).body().args()).hasSize(1);
    }

    @Test
    void refusesABodyWithMoreValuesThanTheLimitNamingTheSetting() {
        String many = "[[" + "0,".repeat(20_000) + "0], {}, null]";
        assertTooLarge("more than 10000 values (worker_max_body_items)",
                () -> DECODER.decode(json(), headers(), utf8(many)));
    }

    @Test
    void aSmallCompressedBombOfEmptyListsStopsAtTheValueLimit() {
        // 900 kB of "[]," inflates from a few kB; as a tree it would be 300,000 lists.
        byte[] bomb = zlib(utf8("[[" + "[],".repeat(300_000) + "[]], {}, null]"));
        Map<String, @Nullable Object> h = headers();
        h.put("compression", "application/x-gzip");
        assertThat(bomb.length).isLessThan(10_000);
        assertTooLarge("worker_max_body_items", () -> DECODER.decode(json(), h, bomb));
    }

    @Test
    void refusesARawBodyOverTheByteLimitBeforeLookingInside() {
        byte[] big = new byte[1024 * 1024 + 1];
        assertTooLarge("more than the limit of 1048576 (worker_max_body_size)",
                () -> DECODER.decodeDeferred(json(), headers(), big));
    }

    @Test
    void deferredV2BodyIsDecodedOnlyWhenAskedAndFailsThenEveryTime() {
        TaskMessage m = DECODER.decodeDeferred(json(), headers(), utf8("[[1, 2], {\"k\": {"));
        assertThat(m.headers().task()).isEqualTo("tasks.add");
        assertThat(m.isBodyDecoded()).isFalse();
        assertThatThrownBy(m::body).isInstanceOf(ProtocolException.class).hasMessageContaining("cannot decode");
        assertThatThrownBy(m::body).isInstanceOf(ProtocolException.class).hasMessageContaining("cannot decode");
        TaskMessage good = DECODER.decodeDeferred(json(), headers(), utf8(" [[1, 2], {}, null]"));
        assertThat(good.isBodyDecoded()).isFalse();
        assertThat(good.body().args()).containsExactly(1, 2);
        assertThat(good.isBodyDecoded()).isTrue();
    }

    @Test
    void deferredCompressedV2BodyIsLookedAtOnlyByItsFirstBytes() {
        Map<String, @Nullable Object> h = headers();
        h.put("compression", "zlib");
        TaskMessage m = DECODER.decodeDeferred(json(), h, zlib(utf8("[[" + "[],".repeat(300_000) + "[]], {}, null]")));
        assertThat(m.isBodyDecoded()).isFalse();
        assertTooLarge("worker_max_body_items", m::body);
    }

    @Test
    void protocolOneAndHybridBodiesAreDecodedAtOnceBecauseTheyNameTheTask() {
        Map<String, @Nullable Object> none = new LinkedHashMap<>();
        TaskMessage v1 = DECODER.decodeDeferred(json(), none,
                utf8("{\"task\": \"tasks.add\", \"id\": \"id-9\", \"args\": [1, 2], \"kwargs\": {}}"));
        assertThat(v1.isBodyDecoded()).isTrue();
        assertThat(v1.headers().id()).isEqualTo("id-9");
        TaskMessage hybrid = DECODER.decodeDeferred(json(), headers(),
                utf8("{\"args\": [3], \"kwargs\": {}, \"eta\": \"2030-01-01T00:00:00\"}"));
        assertThat(hybrid.isBodyDecoded()).isTrue();
        assertThat(hybrid.headers().eta()).isNotNull();
    }

    @Test
    void deferredAndEagerDecodingAgree() {
        String body = "[[1, \"a\", {\"__type__\": \"decimal\", \"__value__\": \"1.5\"}], {\"x\": [null]}, "
                + "{\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]";
        assertThat(DECODER.decodeDeferred(json(), headers(), utf8(body)))
                .isEqualTo(DECODER.decode(json(), headers(), utf8(body)));
    }

    @Test
    void aMsgpackBinaryClaimingGigabytesIsRefusedWithoutAllocatingThem() {
        // fixarray(3) of bin32 claiming 2^31-1 bytes, then nothing: the length is a lie.
        byte[] lie = {(byte) 0x93, (byte) 0xc6, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        MessageProperties msgpack = new MessageProperties("id-1", "application/x-msgpack", "binary", null, 0, null);
        assertThatThrownBy(() -> DECODER.decode(msgpack, headers(), lie)).isInstanceOf(ProtocolException.class);
    }
}
