package dev.lovage.protocol.codec;

import static dev.lovage.protocol.codec.DecoderFixtures.BODY;
import static dev.lovage.protocol.codec.DecoderFixtures.JSON_ONLY;
import static dev.lovage.protocol.codec.DecoderFixtures.assertRefused;
import static dev.lovage.protocol.codec.DecoderFixtures.decode;
import static dev.lovage.protocol.codec.DecoderFixtures.headers;
import static dev.lovage.protocol.codec.DecoderFixtures.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.TimeLimit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;


final class MessageDecoderTest {
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
}
