package dev.lovage.it;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.protocol.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java tasks use the canvas through their TaskContext (replace, addToChord, subtasks), with Python workers running
 * some of the steps, and Python clients (newest and 5.2) see the values a Python task would have given them.
 */
@Timeout(180)
final class TaskSideCanvasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA = LovageWorker.newQueue("taskcanvas_java");
    private static final String PY = LovageWorker.newQueue("taskcanvas_py");
    private static LovageWorker lovage;
    private static PythonCelery.ProcessHandleCloseable python;

    @BeforeAll
    static void start() {
        python = Services.get().python().startWorker(PY, "taskcanvas-py@%h", Map.of("CELERY_TASK_DEFAULT_QUEUE", PY));
        lovage = LovageWorker.startWith(JAVA, c -> c.taskDefaultQueue(JAVA), w -> w
                .task("java.replace_with_chain", (ctx, args) -> {
                    throw ctx.replace(chain(Signature.of("tasks.add", args.intAt(0), 1).queue(PY),
                            Signature.of("tasks.mul", 10)));
                })
                .task("java.replace_with_chord", (ctx, args) -> {
                    List<Signature> header = IntStream.range(0, args.intAt(0))
                            .mapToObj(i -> Signature.of("tasks.add", i, i).queue(i % 2 == 0 ? PY : JAVA)).toList();
                    throw ctx.replace(chord(header, Signature.of("tasks.xsum")));
                })
                .task("java.replace_with_group", (ctx, args) -> {
                    throw ctx.replace(group(Signature.of("tasks.add", 1, 1).queue(PY), Signature.of("tasks.add", 2, 2)));
                })
                .task("java.grow_chord", (ctx, args) -> {
                    ctx.addToChord(Signature.of("tasks.mul", args.intAt(0), 3).queue(PY));
                    return args.intAt(0);
                })
                .task("java.spawn", (ctx, args) -> ctx.delay(Signature.of("tasks.add", args.intAt(0)), 1).id()));
        python.awaitOutput("ready.", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (lovage != null) {
            lovage.close();
        }
        if (python != null) {
            python.close();
        }
    }

    static Stream<String> clients() {
        return Stream.of("newest", "celery52");
    }

    private static JsonNode run(String client, String code) throws Exception {
        PythonCelery p = client.equals("newest") ? Services.get().python() : Services.get().python52();
        String out = p.run(Py.prelude(JAVA) + """
                from celery import chain, chord, signature
                from celery.result import AsyncResult
                J, PY = '%s', '%s'
                """.formatted(JAVA, PY) + code);
        List<String> lines = out.lines().filter(l -> l.startsWith("{") || l.startsWith("[")).toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    @ParameterizedTest
    @MethodSource("clients")
    void aJavaTaskReplacedByAChainGivesTheChainsValue(String client) throws Exception {
        JsonNode r = run(client, """
                r = app.send_task('java.replace_with_chain', (4,), queue=J)
                direct = r.get(timeout=60)
                after = chain(signature('java.replace_with_chain', args=(1,), queue=J),
                              add.s(100).set(queue=PY)).apply_async().get(timeout=60)
                out({'direct': direct, 'after': after, 'id': r.id})
                """);
        assertThat(r.get("direct").asInt()).isEqualTo(50);
        assertThat(r.get("after").asInt()).as("the replaced task's chain goes on after the replacement")
                .isEqualTo(120);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void aJavaTaskReplacedByAChordAcrossBothWorkersGivesTheBodysValue(String client) throws Exception {
        JsonNode r = run(client, """
                out({'chord': app.send_task('java.replace_with_chord', (10,), queue=J).get(timeout=60),
                     'group': app.send_task('java.replace_with_group', (), queue=J).get(timeout=60)})
                """);
        assertThat(r.get("chord").asInt()).isEqualTo(90);
        assertThat(r.get("group").toString()).isEqualTo("[2,4]");
    }

    @ParameterizedTest
    @MethodSource("clients")
    void addToChordGrowsARunningChord(String client) throws Exception {
        JsonNode r = run(client, """
                c = chord([add.s(1, 1).set(queue=PY), signature('java.grow_chord', args=(5,), queue=J)],
                          xsum.s().set(queue=PY))
                out({'sum': c.apply_async().get(timeout=60)})
                """);
        assertThat(r.get("sum").asInt()).as("2 + 5 + the added 5 * 3").isEqualTo(22);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void aSubtaskAppliedByAJavaTaskIsItsChild(String client) throws Exception {
        JsonNode r = run(client, """
                r = app.send_task('java.spawn', (1,), queue=J)
                child_id = r.get(timeout=60)
                children = [c.id for c in (r.children or [])]
                out({'child': child_id, 'children': children,
                     'value': AsyncResult(child_id, app=app).get(timeout=60)})
                """);
        assertThat(r.get("children").toString()).isEqualTo("[\"" + r.get("child").asText() + "\"]");
        assertThat(r.get("value").asInt()).isEqualTo(2);
    }
}
