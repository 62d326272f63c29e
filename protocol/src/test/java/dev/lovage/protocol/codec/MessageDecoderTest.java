package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.TimeLimit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class MessageDecoderTest {
    private static final MessageDecoder JSON_ONLY = MessageDecoder.create(DecoderOptions.DEFAULTS);
    private static final String BODY = "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, "
            + "\"chord\": null}]";

    private static Map<String, @Nullable Object> headers() {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", "tasks.add");
        h.put("id", "id-1");
        return h;
    }

    private static MessageProperties props(@Nullable String contentType) {
        return new MessageProperties("id-1", contentType, "utf-8", null, 0, null);
    }

    private static TaskMessage decode(Map<String, @Nullable Object> headers, String body) {
        return JSON_ONLY.decode(props("application/json"), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Reason reason, String message, Runnable decode) {
        assertThatThrownBy(decode::run).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
    }

    @Test
    void acceptsANullEmbedAndMissingEmbedKeys() {
        assertThat(decode(headers(), "[[1], {\"k\": 2}, null]").body().kwargs()).containsEntry("k", 2);
        assertThat(decode(headers(), "[[1], {}, {}]").body().embed().chord()).isNull();
        TaskMessage m = decode(headers(), "[[], {}, {\"chain\": [{\"task\": \"t.next\", \"chord_size\": 3}]}]");
        assertThat(m.body().embed().chain()).containsExactly(
                new Signature("t.next", List.of(), Map.of(), Map.of(), null, false, Map.of("chord_size", 3)));
        assertThat(m.body().embed().callbacks()).isEmpty();
    }

    @Test
    void keepsJsonNullsInArgsAndKwargs() {
        TaskMessage m = decode(headers(), "[[null, 1], {\"a\": null}, null]");
        assertThat(m.body().args()).containsExactly(null, 1);
        assertThat(m.body().kwargs()).containsEntry("a", null);
    }

    @Test
    void readsHeadersTypedAsTheAmqpClientTypesThem() {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("lang", new FakeLongString("py"));
        h.put("task", new StringBuilder("tasks.add"));
        h.put("id", "id-1".getBytes(StandardCharsets.UTF_8));
        h.put("retries", 2L);
        h.put("group_index", (short) 4);
        h.put("eta", new FakeLongString("2026-11-24T05:12:09.479583+00:00"));
        h.put("timelimit", List.of(1.5f, new BigDecimal("2.25")));
        h.put("ignore_result", true);
        h.put("x-death", List.of(Map.of("time", Date.from(Instant.parse("2026-11-24T05:12:30Z")),
                "routing-keys", List.of(new FakeLongString("q")))));
        h.put("x-num", 7);
        TaskMessage m = decode(h, BODY);
        assertThat(m.headers().task()).isEqualTo("tasks.add");
        assertThat(m.headers().id()).isEqualTo("id-1");
        assertThat(m.headers().retries()).isEqualTo(2);
        assertThat(m.headers().groupIndex()).isEqualTo(4);
        assertThat(m.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:09.479583Z"));
        assertThat(m.headers().timelimit()).isEqualTo(new TimeLimit(Duration.ofMillis(1500), Duration.ofMillis(2250)));
        assertThat(m.headers().ignoreResult()).isTrue();
        assertThat(m.headers().extra()).containsExactly(
                Map.entry("x-death", List.of(Map.of("time", Instant.parse("2026-11-24T05:12:30Z"),
                        "routing-keys", List.of("q")))),
                Map.entry("x-num", 7));
    }

    @Test
    void appliesCeleryDefaultsToMissingHeaders() {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("task", "tasks.add");
        h.put("id", "id-1");
        TaskMessage m = decode(h, BODY);
        assertThat(m.headers().lang()).isEqualTo("py");
        assertThat(m.headers().retries()).isZero();
        assertThat(m.headers().ignoreResult()).isFalse();
        assertThat(m.headers().timelimit()).isEqualTo(TimeLimit.NONE);
        assertThat(m.headers().groupIndex()).isNull();
        assertThat(m.headers().extra()).isEmpty();
    }

    @Test
    void readsEtaAndExpiresWithOrWithoutAnOffset() {
        Map<String, @Nullable Object> h = headers();
        h.put("eta", "2026-11-24T05:12:09.479583");
        h.put("expires", "2026-11-24T06:00:00Z");
        TaskMessage m = decode(h, BODY);
        assertThat(m.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:09.479583Z"));
        assertThat(m.headers().expires()).isEqualTo(Instant.parse("2026-11-24T06:00:00Z"));
        h.put("eta", "2026-11-24T07:12:09.4+02:00");
        assertThat(decode(h, BODY).headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:09.400Z"));
    }

    @Test
    void refusesAnUnparsableEtaOrExpires() {
        Map<String, @Nullable Object> h = headers();
        h.put("eta", "tomorrow at noon");
        assertRefused(Reason.INVALID_TASK, "invalid eta value 'tomorrow at noon'", () -> decode(h, BODY));
        Map<String, @Nullable Object> e = headers();
        e.put("expires", 1_700_000_000);
        assertRefused(Reason.INVALID_TASK, "invalid expires value '1700000000'", () -> decode(e, BODY));
    }

    @Test
    void refusesBadJsonWithTheParsersMessage() {
        assertRefused(Reason.DECODE_ERROR, "cannot decode the application/json body: Unexpected end-of-input",
                () -> decode(headers(), "[[1,"));
        assertRefused(Reason.DECODE_ERROR, "extra data after the value", () -> decode(headers(), BODY + " []"));
        assertRefused(Reason.DECODE_ERROR, "not UTF-8", () -> JSON_ONLY.decode(props("application/json"),
                headers(), ("\ufeff" + BODY).getBytes(StandardCharsets.UTF_8)));
        assertRefused(Reason.DECODE_ERROR, "Invalid UTF-8", () -> JSON_ONLY.decode(props("application/json"),
                headers(), new byte[] {'[', '"', (byte) 0xc3, '"', ']'}));
    }

    @Test
    void refusesAnUnknownKombuTypeAsKombuDoes() {
        assertRefused(Reason.DECODE_ERROR, "unknown kombu JSON type 'frozenset'",
                () -> decode(headers(), "[[{\"__type__\": \"frozenset\", \"__value__\": [1]}], {}, null]"));
        // Any other key set is an ordinary mapping.
        assertThat(decode(headers(), "[[{\"__type__\": \"frozenset\"}], {}, null]").body().args())
                .containsExactly(Map.of("__type__", "frozenset"));
    }

    @Test
    void refusesMissingOrBlankIdAndTask() {
        Map<String, @Nullable Object> noId = headers();
        noId.remove("id");
        assertRefused(Reason.INVALID_TASK, "has no id", () -> decode(noId, BODY));
        Map<String, @Nullable Object> blankId = headers();
        blankId.put("id", " ");
        assertRefused(Reason.INVALID_TASK, "has no id", () -> decode(blankId, BODY));
        Map<String, @Nullable Object> noTask = headers();
        noTask.remove("task");
        assertRefused(Reason.INVALID_TASK, "unknown message format", () -> decode(noTask, BODY));
        Map<String, @Nullable Object> nullTask = headers();
        nullTask.put("task", null);
        assertRefused(Reason.INVALID_TASK, "no task name", () -> decode(nullTask, BODY));
    }

    @Test
    void refusesBodiesOfTheWrongShape() {
        assertRefused(Reason.INVALID_TASK, "must be [args, kwargs, embed], got a mapping",
                () -> decode(headers(), "{\"x\": 1}"));
        assertRefused(Reason.INVALID_TASK, "must be [args, kwargs, embed], got a list of 2",
                () -> decode(headers(), "[[1], {}]"));
        assertRefused(Reason.INVALID_TASK, "keyword arguments must be a mapping",
                () -> decode(headers(), "[[1], [2], null]"));
        assertRefused(Reason.INVALID_TASK, "args must be a list", () -> decode(headers(), "[5, {}, null]"));
        assertRefused(Reason.INVALID_TASK, "args must be a list", () -> decode(headers(), "[null, {}, null]"));
        assertRefused(Reason.INVALID_TASK, "embed part must be a mapping", () -> decode(headers(), "[[], {}, [1]]"));
        assertRefused(Reason.INVALID_TASK, "signature has no task name",
                () -> decode(headers(), "[[], {}, {\"callbacks\": [{\"args\": []}]}]"));
        assertRefused(Reason.INVALID_TASK, "unknown message format", () -> decode(Map.of(), "[[1], {}, null]"));
    }

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

    @Test
    void aHybridMessageTakesFieldsFromTheBodyAndHeadersWin() {
        TaskMessage m = decode(headers(), "{\"task\": \"tasks.old\", \"id\": \"body-id\", \"args\": [1], "
                + "\"kwargs\": {}, \"retries\": 2, \"root_id\": \"r\", \"callbacks\": [{\"task\": \"t.cb\"}]}");
        assertThat(m.protocolVersion()).isEqualTo(2);
        assertThat(m.headers().task()).isEqualTo("tasks.add");
        assertThat(m.headers().id()).isEqualTo("id-1");
        assertThat(m.headers().retries()).isEqualTo(2);
        assertThat(m.headers().rootId()).isEqualTo("r");
        assertThat(m.body().args()).containsExactly(1);
        assertThat(m.body().embed().callbacks()).extracting(Signature::task).containsExactly("t.cb");
    }

    @Test
    void protocolOneTakesTasksetAsTheGroupAndKeepsBrokerHeaders() {
        Map<String, @Nullable Object> h = new LinkedHashMap<>();
        h.put("x-delivery-count", 1);
        TaskMessage m = decode(h, "{\"task\": \"tasks.old\", \"id\": \"v1-id\", \"args\": [1, 2], \"kwargs\": {},"
                + " \"taskset\": \"g-1\", \"eta\": \"2026-11-24T05:11:31\", \"utc\": false, \"errbacks\": "
                + "[{\"task\": \"t.err\", \"args\": [], \"kwargs\": {}, \"options\": {}, \"subtask_type\": null,"
                + " \"immutable\": false}], \"timelimit\": [10, 5]}");
        assertThat(m.protocolVersion()).isEqualTo(1);
        assertThat(m.headers().group()).isEqualTo("g-1");
        assertThat(m.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:11:31Z")); // naive read as UTC
        assertThat(m.headers().timelimit()).isEqualTo(new TimeLimit(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        assertThat(m.headers().extra()).containsExactly(Map.entry("x-delivery-count", 1));
        assertThat(m.body().embed().errbacks()).extracting(Signature::task).containsExactly("t.err");
        assertThat(m.body().embed().chain()).isEmpty();
        assertThat(decode(Map.of(), "{\"task\": \"t\", \"id\": \"i\"}").body().args()).isEmpty();
        assertRefused(Reason.INVALID_TASK, "keyword arguments must be a mapping",
                () -> decode(Map.of(), "{\"task\": \"t\", \"id\": \"i\", \"kwargs\": null}"));
    }

    private static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
