package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.WireFixtures.Captured;
import dev.lovage.protocol.internal.PyIsoFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every task message Python Celery 5.2.6 and 5.6.3 published in the captures decodes to exactly what Python sent:
 * each modelled header, every other header in {@code extra} in arrival order, args, kwargs and each embedded
 * signature. Headers are handed over typed as the RabbitMQ Java client types them. Case-by-case meaning is checked
 * in {@link GoldenCasesTest}.
 */
final class GoldenMessagesTest {
    static final MessageDecoder DECODER = MessageDecoder.create(
            new DecoderOptions(List.of("json", "msgpack", "yaml"), DecoderOptions.DEFAULT_MAX_BODY_BYTES));
    private static final Set<String> MODELLED = Set.of("lang", "task", "id", "root_id", "parent_id", "group",
            "group_index", "shadow", "eta", "expires", "retries", "timelimit", "argsrepr", "kwargsrepr", "origin",
            "ignore_result");

    static Stream<Captured> everyCapturedMessage() {
        return WireFixtures.allFiles().stream().flatMap(f -> WireFixtures.load(f).stream());
    }

    static Stream<Captured> everyJsonMessage() {
        return everyCapturedMessage().filter(c -> c.json() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCapturedMessage")
    void headersAreWhatPythonSent(Captured c) {
        TaskMessage m = DECODER.decode(c.properties(), c.amqpHeaders(), c.body());
        Map<String, Object> sent = m.protocolVersion() == 2 ? c.headers() : v1Fields(c);
        TaskHeaders h = m.headers();
        assertThat(h.id()).isEqualTo(sent.get("id")).isEqualTo(c.properties().correlationId());
        assertThat(h.task()).isEqualTo(sent.get("task"));
        assertThat(h.lang()).isEqualTo(sent.getOrDefault("lang", "py"));
        assertThat(h.rootId()).isEqualTo(sent.get("root_id"));
        assertThat(h.parentId()).isEqualTo(sent.get("parent_id"));
        assertThat(h.group()).isEqualTo(sent.get("group"));
        assertThat(h.groupIndex()).isEqualTo(sent.get("group_index"));
        assertThat(h.shadow()).isEqualTo(sent.get("shadow"));
        assertThat(h.retries()).isEqualTo(sent.getOrDefault("retries", 0));
        assertThat(h.argsrepr()).isEqualTo(sent.get("argsrepr"));
        assertThat(h.kwargsrepr()).isEqualTo(sent.get("kwargsrepr"));
        assertThat(h.origin()).isEqualTo(sent.get("origin"));
        assertThat(h.ignoreResult()).isEqualTo(sent.getOrDefault("ignore_result", false));
        // Python's isoformat, read and written back, is the same text.
        assertThat(h.eta() == null ? null : PyIsoFormat.utc(h.eta())).isEqualTo(sent.get("eta"));
        assertThat(h.expires() == null ? null : PyIsoFormat.utc(h.expires())).isEqualTo(sent.get("expires"));
        assertThat(Arrays.asList(seconds(h.timelimit().hard()), seconds(h.timelimit().soft())))
                .isEqualTo(sent.getOrDefault("timelimit", Arrays.asList(null, null)));
        if (m.protocolVersion() == 2) {
            Map<String, Object> extra = new LinkedHashMap<>(c.headers());
            extra.keySet().removeAll(MODELLED);
            assertThat(h.extra().keySet()).containsExactlyElementsOf(extra.keySet());
            extra.remove("x-death");
            assertThat(h.extra()).containsAllEntriesOf(extra);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyJsonMessage")
    void bodyIsWhatPythonSent(Captured c) {
        TaskMessage m = DECODER.decode(c.properties(), c.amqpHeaders(), c.body());
        Object sent = WireFixtures.plain(c.json());
        Object args;
        Object kwargs;
        Map<?, ?> embed;
        if (m.protocolVersion() == 2) {
            List<?> parts = (List<?>) sent;
            args = parts.get(0);
            kwargs = parts.get(1);
            embed = parts.get(2) == null ? Map.of() : (Map<?, ?>) parts.get(2);
        } else {
            embed = (Map<?, ?>) sent;
            args = embed.get("args");
            kwargs = embed.get("kwargs");
        }
        // Written back through PyJson, kombu types and plain envelopes give the same text.
        assertThat(PyJson.write(m.body().args())).isEqualTo(PyJson.write(args));
        assertThat(PyJson.write(m.body().kwargs())).isEqualTo(PyJson.write(kwargs));
        assertThat(PyJson.write(maps(m.body().embed().callbacks()))).isEqualTo(PyJson.write(listOf(embed, "callbacks")));
        assertThat(PyJson.write(maps(m.body().embed().errbacks()))).isEqualTo(PyJson.write(listOf(embed, "errbacks")));
        assertThat(PyJson.write(maps(m.body().embed().chain()))).isEqualTo(PyJson.write(listOf(embed, "chain")));
        Signature chord = m.body().embed().chord();
        assertThat(PyJson.write(chord == null ? null : map(chord))).isEqualTo(PyJson.write(embed.get("chord")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyJsonMessage")
    void pyJsonWritesTheBodyByteForByteAsPythonDid(Captured c) {
        assertThat(PyJson.write(WireFixtures.plain(c.json()))).isEqualTo(c.json());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> v1Fields(Captured c) {
        Map<String, Object> body = (Map<String, Object>) WireFixtures.plain(c.json());
        Map<String, Object> fields = new LinkedHashMap<>(body);
        fields.put("group", body.get("taskset"));
        return fields;
    }

    private static @Nullable Object seconds(@Nullable Duration d) {
        if (d == null) {
            return null;
        }
        return d.toNanos() % 1_000_000_000L == 0 ? (Object) (int) d.toSeconds() : (Object) (d.toNanos() / 1e9);
    }

    private static List<?> listOf(Map<?, ?> embed, String key) {
        return embed.get(key) == null ? List.of() : (List<?>) embed.get(key);
    }

    private static List<Map<String, @Nullable Object>> maps(List<Signature> sigs) {
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        sigs.forEach(s -> out.add(map(s)));
        return out;
    }

    /** The dict Celery puts on the wire: the six keys of celery/canvas.py Signature in order, then the others. */
    static Map<String, @Nullable Object> map(Signature s) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("task", s.task());
        m.put("args", s.args());
        m.put("kwargs", s.kwargs());
        m.put("options", s.options());
        m.put("subtask_type", s.subtaskType());
        m.put("immutable", s.immutable());
        m.putAll(s.extra());
        return m;
    }
}
