package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.TimeLimit;
import dev.lovage.protocol.codec.WireFixtures.Captured;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message Python Celery 5.2.6 and 5.6.3 published in the captures decodes, and decodes right. */
final class GoldenMessagesTest {
    private static final MessageDecoder DECODER = MessageDecoder.create(
            new DecoderOptions(List.of("json", "msgpack", "yaml"), DecoderOptions.DEFAULT_MAX_BODY_BYTES));

    static Stream<Captured> everyCapturedMessage() {
        return WireFixtures.allFiles().stream()
                .filter(f -> !f.endsWith("bytes_json.json")) // kombu 5.2 failed to encode it: nothing was sent
                .flatMap(f -> WireFixtures.load(f).stream());
    }

    private static TaskMessage decode(Captured c) {
        return DECODER.decode(c.properties(), c.headers(), c.body());
    }

    private static TaskMessage only(String path) {
        return decode(WireFixtures.load(path).get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCapturedMessage")
    void decodesWithTheIdAndTaskPythonSent(Captured c) {
        TaskMessage m = decode(c);
        Object expectedId = c.headers().containsKey("id") ? c.headers().get("id")
                : c.raw().path("body").path("id").asText(null);
        if (expectedId != null) {
            assertThat(m.headers().id()).isEqualTo(expectedId);
        }
        assertThat(m.headers().id()).isEqualTo(c.properties().correlationId());
        assertThat(m.headers().task()).isNotBlank();
    }

    @Test
    void plainMessageOfBothVersions() {
        for (String v : List.of("5.2.6", "5.6.3")) {
            TaskMessage m = only("messages-celery-" + v + "/plain.json");
            assertThat(m.protocolVersion()).isEqualTo(2);
            assertThat(m.headers().task()).isEqualTo("research.add");
            assertThat(m.body().args()).containsExactly(2, 3);
            assertThat(m.body().kwargs()).isEmpty();
            assertThat(m.headers().rootId()).isEqualTo(m.headers().id());
            assertThat(m.headers().timelimit()).isEqualTo(TimeLimit.NONE);
            assertThat(m.headers().origin()).startsWith("gen");
            assertThat(m.body().embed().chain()).isEmpty();
        }
        TaskMessage newer = only("messages-celery-5.6.3/plain.json");
        assertThat(newer.headers().extra()).containsEntry("replaced_task_nesting", 0)
                .containsEntry("stamps", Map.of()).containsKey("stamped_headers");
    }

    @Test
    void countdownAndExpiresBecomeInstants() {
        TaskMessage m = only("messages-celery-5.6.3/countdown_expires.json");
        assertThat(m.headers().eta()).isNotNull();
        assertThat(m.headers().expires()).isAfter(m.headers().eta());
        assertThat(m.properties().expiration()).isEqualTo("300000");
    }

    @Test
    void chainIsInReverseOrderWithTheNextStepLast() {
        TaskMessage m = only("messages-celery-5.6.3/chain.json");
        List<Signature> chain = m.body().embed().chain();
        assertThat(chain).extracting(Signature::task).containsExactly("research.add", "research.mul");
        assertThat(chain.get(1).args()).containsExactly(10);
        assertThat(chain.get(1).taskId()).isEqualTo("072bcfaf-c09f-4df6-a6be-c9731892cd2c");
    }

    @Test
    void chordHeaderCarriesGroupIndexAndTheBody() {
        TaskMessage m = only("messages-celery-5.6.3/chord.json");
        assertThat(m.headers().group()).isEqualTo("1a312677-0233-4577-8f2c-f7f5c1e71df7");
        assertThat(m.headers().groupIndex()).isZero();
        Signature body = m.body().embed().chord();
        assertThat(body.task()).isEqualTo("research.tsum");
        assertThat(body.options()).containsEntry("group_id", "1a312677-0233-4577-8f2c-f7f5c1e71df7");
    }

    @Test
    void complexSignaturesInsideAChain() {
        TaskMessage group = only("messages-celery-5.6.3/chain_group.json");
        Signature g = group.body().embed().chain().get(0);
        assertThat(g.task()).isEqualTo("celery.group");
        assertThat(g.subtaskType()).isEqualTo("group");
        assertThat((List<?>) g.kwargs().get("tasks")).hasSize(2);
        TaskMessage chord = only("messages-celery-5.6.3/chain_chord.json");
        assertThat(chord.body().embed().chain()).anySatisfy(s -> assertThat(s.subtaskType()).isEqualTo("chord"));
    }

    @Test
    void protocolOneIsConvertedToTheV2Shape() {
        for (String v : List.of("5.2.6", "5.6.3")) {
            TaskMessage m = only("messages-celery-" + v + "/protocol1.json");
            assertThat(m.protocolVersion()).isEqualTo(1);
            assertThat(m.headers().task()).isEqualTo("research.add");
            assertThat(m.headers().id()).isEqualTo(m.properties().correlationId());
            assertThat(m.body().args()).containsExactly(7, 8);
            assertThat(m.headers().eta()).isBefore(m.headers().expires());
            assertThat(m.headers().rootId()).isNull();
        }
        TaskMessage newer = only("messages-celery-5.6.3/protocol1.json");
        assertThat(newer.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:11:39.587751Z"));
    }

    @Test
    void kombu53JsonTypesDecodeToJavaTypes() {
        Map<String, Object> kw = only("messages-celery-5.6.3/json_types.json").body().kwargs();
        assertThat(kw.get("dt")).isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC));
        assertThat(kw.get("naive")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(kw.get("d")).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(kw.get("t")).isEqualTo(LocalTime.of(3, 4, 5));
        assertThat(kw.get("dec")).isEqualTo(new BigDecimal("1.10"));
        assertThat(kw.get("u")).isEqualTo(UUID.fromString("12345678-1234-5678-1234-567812345678"));
        assertThat((byte[]) kw.get("b_utf8")).isEqualTo("abc".getBytes());
        assertThat((byte[]) kw.get("b_bin")).isEqualTo(new byte[] {(byte) 0xff, 0});
    }

    @Test
    void kombu52JsonTypesStayPlainStrings() {
        Map<String, Object> kw = only("messages-celery-5.2.6/json_types.json").body().kwargs();
        assertThat(kw.get("dt")).isEqualTo("2024-01-02T03:04:05.678901Z");
        assertThat(kw.get("d")).isEqualTo("2024-01-02T00:00:00");
        assertThat(kw.get("dec")).isEqualTo("1.10");
    }

    @Test
    void benchTypesIncludingBigIntegersAndUnicode() {
        TaskMessage m = only("messages-celery-5.2.6-bench/priority_kwargs_types.json");
        assertThat(m.properties().priority()).isEqualTo(5);
        assertThat(m.body().args()).containsExactly(1, 2.5, null, true, List.of(1, "a"), Map.of("k", "v"));
        assertThat(m.body().kwargs().get("big")).isEqualTo(BigInteger.TWO.pow(63).add(BigInteger.ONE));
        assertThat((String) m.body().kwargs().get("text")).startsWith("héllo wörld ✓ 日本語 🚀 \"quoted\"");
    }

    @Test
    void timeLimitsAreHardThenSoft() {
        TaskMessage m = only("messages-celery-5.2.6-bench/eta_timelimits_headers.json");
        assertThat(m.headers().timelimit()).isEqualTo(new TimeLimit(Duration.ofSeconds(30), Duration.ofSeconds(20)));
        assertThat(m.headers().eta()).isNotNull();
    }

    @Test
    void compressedBodiesOfBothVersions() {
        for (String path : List.of("messages-celery-5.2.6/compress_zlib.json", "messages-celery-5.2.6/compress_bzip2.json",
                "messages-celery-5.6.3/compress_zlib.json", "messages-celery-5.6.3/compress_bzip2.json")) {
            TaskMessage m = only(path);
            assertThat(m.body().args()).as(path).isNotEmpty();
            assertThat(m.headers().extra()).as(path).containsKey("compression");
        }
    }

    @Test
    void msgpackAndYamlBodies() {
        TaskMessage mp = only("messages-celery-5.6.3/msgpack.json");
        assertThat(mp.body().args()).containsExactly(1, "a");
        assertThat(mp.body().kwargs()).containsEntry("k", List.of(1, 2));
        TaskMessage yaml = only("messages-celery-5.6.3/yaml.json");
        assertThat(yaml.body().kwargs()).containsEntry("k", List.of(1, 2));
        TaskMessage binary = only("messages-celery-5.2.6-bench/bytes_msgpack.json");
        assertThat(binary.body().kwargs().get("data")).isInstanceOf(byte[].class);
    }

    @Test
    void nativeDelayedDeliveryKeepsTheDeathHeaders() {
        TaskMessage m = only("messages-celery-5.6.3/native_delayed.json");
        assertThat(m.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:30.457288Z"));
        assertThat(m.headers().extra()).containsKeys("x-death", "x-first-death-exchange", "x-delivery-count");
    }

    @Test
    void stampsAreKept() {
        TaskMessage m = only("messages-celery-5.6.3/stamped.json");
        assertThat(m.headers().extra()).containsEntry("stamped_headers", List.of("research_stamp"))
                .containsEntry("stamps", Map.of("research_stamp", "v1"));
    }

    @Test
    void linkCallbacksAreSignatures() {
        TaskMessage m = only("messages-celery-5.6.3/link.json");
        assertThat(m.body().embed().callbacks()).isNotEmpty();
    }
}
