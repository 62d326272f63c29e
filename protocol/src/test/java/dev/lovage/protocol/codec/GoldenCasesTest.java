package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.Embed;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.TimeLimit;
import dev.lovage.protocol.codec.WireFixtures.Captured;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each captured case means once decoded: the workflow parts, the times, the types, both Celery versions. */
final class GoldenCasesTest {
    private static final List<String> VERSIONS = List.of("messages-celery-5.2.6/", "messages-celery-5.6.3/");

    private static List<TaskMessage> all(String path) {
        return WireFixtures.load(path).stream().map(GoldenCasesTest::decode).toList();
    }

    private static TaskMessage decode(Captured c) {
        return GoldenMessagesTest.DECODER.decode(c.properties(), c.amqpHeaders(), c.body());
    }

    private static TaskMessage only(String path) {
        List<TaskMessage> messages = all(path);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Test
    void plainTaskInBothVersions() {
        for (String v : VERSIONS) {
            TaskMessage m = only(v + "plain.json");
            assertThat(m.protocolVersion()).isEqualTo(2);
            assertThat(m.headers().task()).isEqualTo("research.add");
            assertThat(m.body().args()).containsExactly(2, 3);
            assertThat(m.body().kwargs()).isEmpty();
            assertThat(m.body().embed()).isEqualTo(Embed.EMPTY);
            assertThat(m.headers().rootId()).isEqualTo(m.headers().id());
            assertThat(m.headers().timelimit()).isEqualTo(TimeLimit.NONE);
            assertThat(m.properties().priority()).isZero();
        }
        assertThat(only(VERSIONS.get(0) + "plain.json").headers().extra()).isEmpty();
        Map<String, Object> added53 = new LinkedHashMap<>();
        added53.put("replaced_task_nesting", 0);
        added53.put("stamped_headers", null);
        added53.put("stamps", Map.of());
        assertThat(only(VERSIONS.get(1) + "plain.json").headers().extra()).containsExactlyEntriesOf(added53);
    }

    @Test
    void countdownAndExpiresAreInstants() {
        TaskMessage newer = only("messages-celery-5.6.3/countdown_expires.json");
        assertThat(newer.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:09.479583Z"));
        assertThat(newer.headers().expires()).isEqualTo(Instant.parse("2026-11-24T05:16:09.479583Z"));
        assertThat(newer.properties().expiration()).isEqualTo("300000");
        TaskMessage older = only("messages-celery-5.2.6/countdown_expires.json");
        assertThat(older.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:01.229855Z"));
        assertThat(older.headers().expires()).isEqualTo(Instant.parse("2026-11-24T05:16:01.229855Z"));
    }

    @Test
    void applyOptionsBecomeHeaders() {
        for (String v : VERSIONS) {
            TaskMessage m = only(v + "options.json");
            assertThat(m.headers().shadow()).isEqualTo("research.add_alias");
            assertThat(m.headers().timelimit()).isEqualTo(new TimeLimit(Duration.ofSeconds(30), Duration.ofSeconds(20)));
            assertThat(m.headers().ignoreResult()).isTrue();
            assertThat(m.properties().priority()).isEqualTo(5);
            assertThat(m.headers().extra()).containsEntry("x_custom", "hello");
        }
    }

    @Test
    void retriedMessageKeepsItsIdAndCountsRetries() {
        List<TaskMessage> retries = all("messages-celery-5.6.3/retry.json");
        assertThat(retries).extracting(m -> m.headers().id()).containsOnly("aaaaaaaa-0000-0000-0000-000000000001");
        assertThat(retries).allSatisfy(m -> assertThat(m.headers().retries()).isEqualTo(1));
        assertThat(retries.get(0).headers().expires()).isNull();
        assertThat(retries.get(1).headers().expires()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(retries.get(1).headers().extra()).containsEntry("x_custom", "kept?");
    }

    @Test
    void chainIsInReverseOrderWithTheNextStepLast() {
        List<Signature> chain = only("messages-celery-5.6.3/chain.json").body().embed().chain();
        assertThat(chain).extracting(Signature::task).containsExactly("research.add", "research.mul");
        assertThat(chain).extracting(Signature::args).containsExactly(List.of(5), List.of(10));
        assertThat(chain.get(1).taskId()).isEqualTo("072bcfaf-c09f-4df6-a6be-c9731892cd2c");
        assertThat(chain.get(1).options()).containsEntry("reply_to", "938d8607-2a96-35a3-a2ca-25c06acd459e");
        List<Signature> three = only("messages-celery-5.2.6-bench/chain3.json").body().embed().chain();
        assertThat(three).extracting(Signature::args).containsExactly(List.of(4), List.of(3));
    }

    @Test
    void groupMembersAreNumberedSince53() {
        assertThat(all("messages-celery-5.6.3/group.json")).extracting(m -> m.headers().groupIndex())
                .containsExactly(0, 1);
        assertThat(all("messages-celery-5.2.6/group.json")).extracting(m -> m.headers().groupIndex())
                .containsExactly(null, null);
        assertThat(all("messages-celery-5.2.6/group.json")).extracting(m -> m.headers().group())
                .containsOnly("99e0f7ab-0736-4f46-9cb9-c7c35e9a8d35");
    }

    @Test
    void chordHeaderTasksCarryTheBodySignature() {
        List<TaskMessage> header = all("messages-celery-5.6.3/chord.json");
        assertThat(header).extracting(m -> m.headers().groupIndex()).containsExactly(0, 1);
        Signature body = header.get(0).body().embed().chord();
        assertThat(body.task()).isEqualTo("research.tsum");
        assertThat(body.taskId()).isEqualTo("21277b38-11af-487c-ac6a-29c39662cad2");
        assertThat(body.options()).containsEntry("group_id", "1a312677-0233-4577-8f2c-f7f5c1e71df7");
        Signature older = all("messages-celery-5.2.6/chord.json").get(0).body().embed().chord();
        assertThat(older.options()).doesNotContainKey("group_id");
        assertThat(all("messages-celery-5.2.6-bench/chord.json")).extracting(m -> m.headers().groupIndex())
                .containsExactly(0, 1, 2);
    }

    @Test
    void groupsAndChordsInsideAChainStaySignatures() {
        Signature g = only("messages-celery-5.6.3/chain_group.json").body().embed().chain().get(0);
        assertThat(g.task()).isEqualTo("celery.group");
        assertThat(g.subtaskType()).isEqualTo("group");
        assertThat(g.taskId()).isEqualTo("de01c6e1-02c1-45ce-ac8e-b5377e3b1f56");
        assertThat((List<?>) g.kwargs().get("tasks")).hasSize(2);
        Signature c = only("messages-celery-5.6.3/chain_chord.json").body().embed().chain().get(0);
        assertThat(c.task()).isEqualTo("celery.chord");
        assertThat(c.subtaskType()).isEqualTo("chord");
        assertThat(c.kwargs()).containsKeys("kwargs", "header", "body");
        assertThat(c.body().task()).isEqualTo("research.tsum");
        assertThat(c.tasks()).extracting(Signature::task).containsOnly("research.mul");
    }

    @Test
    void linkAndLinkErrorBecomeCallbacksAndErrbacks() {
        TaskMessage m = only("messages-celery-5.6.3/link.json");
        assertThat(m.body().embed().callbacks()).containsExactly(
                new Signature("research.mul", List.of(3), Map.of(), Map.of(), null, false, Map.of()));
        assertThat(m.body().embed().errbacks()).containsExactly(
                new Signature("research.echo", List.of("failed"), Map.of(), Map.of(), null, true, Map.of()));
        TaskMessage bench = only("messages-celery-5.2.6-bench/link_link_error.json");
        assertThat(bench.body().embed().errbacks()).extracting(Signature::task).containsExactly("benchapp.on_error");
    }

    @Test
    void protocolOneIsConvertedToTheV2Shape() {
        for (String v : VERSIONS) {
            TaskMessage m = only(v + "protocol1.json");
            assertThat(m.protocolVersion()).isEqualTo(1);
            assertThat(m.headers().task()).isEqualTo("research.add");
            assertThat(m.headers().id()).isEqualTo(m.properties().correlationId());
            assertThat(m.body().args()).containsExactly(7, 8);
            assertThat(m.body().embed()).isEqualTo(Embed.EMPTY);
            assertThat(m.headers().rootId()).isNull();
            assertThat(m.headers().parentId()).isNull();
            assertThat(m.headers().lang()).isEqualTo("py");
            assertThat(m.headers().expires()).isEqualTo(m.headers().eta().plusSeconds(570));
            assertThat(m.properties().expiration()).isEqualTo("600000");
        }
        assertThat(only("messages-celery-5.2.6/protocol1.json").headers().eta())
                .isEqualTo(Instant.parse("2026-11-24T05:11:31.346974Z"));
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
        assertThat((byte[]) kw.get("b_utf8")).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat((byte[]) kw.get("b_bin")).isEqualTo(new byte[] {(byte) 0xff, 0});
    }

    @Test
    void kombu52JsonTypesStayPlainStrings() {
        Map<String, Object> kw = only("messages-celery-5.2.6/json_types.json").body().kwargs();
        assertThat(kw).containsEntry("dt", "2024-01-02T03:04:05.678901Z").containsEntry("naive", "2024-01-02T03:04:05")
                .containsEntry("d", "2024-01-02T00:00:00").containsEntry("t", "03:04:05").containsEntry("dec", "1.10")
                .containsEntry("u", "12345678-1234-5678-1234-567812345678");
        TaskMessage bench = only("messages-celery-5.2.6-bench/priority_kwargs_types.json");
        assertThat(bench.properties().priority()).isEqualTo(5);
        assertThat(bench.body().args()).containsExactly(1, 2.5, null, true, List.of(1, "a"), Map.of("k", "v"));
        assertThat(bench.body().kwargs()).containsEntry("when_aware", "2024-01-02T03:04:05.678901+02:00")
                .containsEntry("amount", "12.340")
                .containsEntry("big", BigInteger.TWO.pow(63).add(BigInteger.ONE))
                .containsEntry("text", "héllo wörld ✓ 日本語 🚀 \"quoted\" \\ back\tslash\n");
    }

    @Test
    void compressedBodiesOfBothVersions() {
        for (String v : VERSIONS) {
            for (String c : List.of("compress_zlib.json", "compress_bzip2.json")) {
                TaskMessage m = only(v + c);
                assertThat(m.body().args()).as(v + c).containsExactly("x".repeat(50));
                assertThat(m.headers().extra()).as(v + c).containsKey("compression");
            }
        }
    }

    @Test
    void msgpackAndYamlBodiesOfBothVersions() {
        for (String v : VERSIONS) {
            TaskMessage mp = only(v + "msgpack.json");
            assertThat(mp.properties().contentEncoding()).isEqualTo("binary");
            assertThat(mp.body().args()).containsExactly(1, "a");
            assertThat(mp.body().kwargs()).containsExactly(Map.entry("k", List.of(1, 2)));
            TaskMessage yaml = only(v + "yaml.json");
            assertThat(yaml.body().args()).containsExactly(1, "a");
            assertThat(yaml.body().kwargs()).containsExactly(Map.entry("k", List.of(1, 2)));
            assertThat(yaml.body().embed()).isEqualTo(Embed.EMPTY);
        }
        Map<String, Object> binary = only("messages-celery-5.2.6-bench/bytes_msgpack.json").body().kwargs();
        assertThat((byte[]) binary.get("data")).isEqualTo("\u0000\u0001\u00ffbinary".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(binary).containsEntry("text", "héllo");
    }

    @Test
    void nativeDelayedDeliveryKeepsTheDeathHeadersWithTimestamps() {
        TaskMessage m = only("messages-celery-5.6.3/native_delayed.json");
        assertThat(m.headers().eta()).isEqualTo(Instant.parse("2026-11-24T05:12:30.457288Z"));
        assertThat(m.headers().extra()).containsEntry("x-delivery-count", 0)
                .containsEntry("x-first-death-reason", "expired");
        List<?> deaths = (List<?>) m.headers().extra().get("x-death");
        assertThat(((Map<?, ?>) deaths.get(0)).get("time")).isEqualTo(Instant.parse("2026-11-24T05:12:30Z"));
        TaskMessage six = only("messages-celery-5.6.3/native_delayed_6.json");
        assertThat(six.headers().expires()).isBefore(six.headers().eta());
    }

    @Test
    void stampsStayInExtra() {
        assertThat(only("messages-celery-5.6.3/stamped.json").headers().extra())
                .containsEntry("stamped_headers", List.of("research_stamp"))
                .containsEntry("stamps", Map.of("research_stamp", "v1"));
    }

    @Test
    void benchHeadersCustomAndTimeLimits() {
        TaskMessage m = only("messages-celery-5.2.6-bench/eta_timelimits_headers.json");
        assertThat(m.headers().eta()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(m.headers().timelimit()).isEqualTo(new TimeLimit(Duration.ofSeconds(30), Duration.ofSeconds(20)));
        assertThat(m.headers().shadow()).isEqualTo("custom.name");
        assertThat(m.headers().retries()).isEqualTo(2);
        assertThat(m.headers().extra()).containsExactly(Map.entry("x-custom", "yes"), Map.entry("x-num", 7));
        assertThat(only("messages-celery-5.2.6-bench/send_task_by_name.json").headers().ignoreResult()).isTrue();
    }

    @Test
    void messagesPythonWorkersPublished() {
        List<TaskMessage> chain = all("redis-celery-5.2.6/chain.json");
        assertThat(chain.get(1).body().args()).containsExactly(3, 3);
        assertThat(chain.get(1).body().embed().chain()).isEmpty(); // sent as [] rather than null
        assertThat(chain.get(1).headers().parentId()).isEqualTo(chain.get(0).headers().id());
        TaskMessage callback = all("redis-celery-5.2.6/chord.json").get(3);
        assertThat(callback.headers().task()).isEqualTo("benchapp.tsum");
        assertThat(callback.body().args()).containsExactly(List.of(2, 4, 6));
        assertThat(all("redis-celery-5.2.6/retry_exhausted.json")).extracting(m -> m.headers().retries())
                .containsExactly(0, 1, 2, 3);
    }
}
