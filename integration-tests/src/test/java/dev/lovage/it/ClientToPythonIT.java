package dev.lovage.it;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.client.AsyncResult;
import dev.lovage.client.CeleryClient;
import dev.lovage.client.CeleryResult;
import dev.lovage.client.GroupResult;
import dev.lovage.client.ResultTimeoutException;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.PythonException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java client sends tasks and canvases to Python Celery workers, the newest and 5.2 (the oldest supported), and
 * reads their results; Python clients read results of canvases the Java client started.
 */
@Timeout(180)
final class ClientToPythonIT {
    private static final Duration GET = Duration.ofSeconds(90);
    private static final String NEWEST = LovageWorker.newQueue("client_py");
    private static final String OLDEST = LovageWorker.newQueue("client_py52");
    private static PythonCelery.ProcessHandleCloseable newest;
    private static PythonCelery.ProcessHandleCloseable oldest;
    private static CeleryClient toNewest;
    private static CeleryClient toOldest;

    @BeforeAll
    static void start() {
        Services s = Services.get();
        // A Python worker sends chain steps and chord bodies to its own default queue.
        newest = s.python().startWorker(NEWEST, "client-py@%h", Map.of("CELERY_TASK_DEFAULT_QUEUE", NEWEST));
        oldest = s.python52().startWorker(OLDEST, "client-py52@%h", Map.of("CELERY_TASK_DEFAULT_QUEUE", OLDEST));
        toNewest = client(NEWEST);
        toOldest = client(OLDEST);
        newest.awaitOutput("ready.", Duration.ofSeconds(60));
        oldest.awaitOutput("ready.", Duration.ofSeconds(60));
    }

    static CeleryClient client(String queue) {
        Services s = Services.get();
        return CeleryClient.connect(CeleryConfig.builder().brokerUrl(s.amqpUrl()).resultBackend(s.redisUrl())
                .taskDefaultQueue(queue).build());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {toNewest, toOldest, newest, oldest}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    static Stream<String> workers() {
        return Stream.of("newest", "celery52");
    }

    static CeleryClient to(String worker) {
        return worker.equals("newest") ? toNewest : toOldest;
    }

    static Signature add(Object... args) {
        return Signature.of("tasks.add", args);
    }

    @ParameterizedTest
    @MethodSource("workers")
    void addReturnsTheSum(String worker) {
        assertThat(to(worker).send("tasks.add", 2, 3).get(GET)).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("workers")
    void aChainOfFive(String worker) {
        CeleryResult r = to(worker).apply(chain(add(1, 1), add(2), add(3), add(4), add(5)));
        assertThat(r.get(GET)).isEqualTo(16);
        assertThat(r.parent().get(GET)).isEqualTo(11);
        CeleryResult first = r.parent().parent().parent().parent();
        assertThat(((AsyncResult) first).children()).as("the worker recorded the next step as a child")
                .extracting(CeleryResult::id).containsExactly(r.parent().parent().parent().id());
    }

    @ParameterizedTest
    @MethodSource("workers")
    void aGroupOfFiftyInOrder(String worker) {
        List<Signature> members = IntStream.range(0, 50).mapToObj(i -> add(i, i)).toList();
        GroupResult g = (GroupResult) to(worker).apply(group(members));
        assertThat(g.get(GET)).isEqualTo(IntStream.range(0, 50).mapToObj(i -> 2 * i).toList());
        assertThat(g.completedCount()).isEqualTo(50);
    }

    @ParameterizedTest
    @MethodSource("workers")
    void aChordOfOneHundred(String worker) {
        List<Signature> header = IntStream.range(0, 100).mapToObj(i -> add(i, i)).toList();
        assertThat(to(worker).apply(chord(header, Signature.of("tasks.xsum"))).get(GET)).isEqualTo(9900);
    }

    @ParameterizedTest
    @MethodSource("workers")
    void aChordInsideAChain(String worker) {
        CeleryResult r = to(worker).apply(chain(add(1, 2), chord(List.of(Signature.of("tasks.mul", 2),
                Signature.of("tasks.mul", 3)), Signature.of("tasks.xsum")), add(10)));
        assertThat(r.get(GET)).isEqualTo(25);
    }

    @ParameterizedTest
    @MethodSource("workers")
    void protocolOneOnRequest(String worker) {
        String queue = worker.equals("newest") ? NEWEST : OLDEST;
        Services s = Services.get();
        try (CeleryClient v1 = CeleryClient.builder(CeleryConfig.builder().brokerUrl(s.amqpUrl())
                .resultBackend(s.redisUrl()).taskDefaultQueue(queue).build()).taskProtocol(1).build()) {
            assertThat(v1.send("tasks.add", 20, 22).get(GET)).isEqualTo(42);
            assertThat(v1.apply(chain(add(1, 1), Signature.of("tasks.mul", 3))).get(GET)).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @MethodSource("workers")
    void aFailingTasksExceptionIsReadInJava(String worker) {
        AsyncResult r = to(worker).send("tasks.fail", "no luck");
        assertThatThrownBy(() -> r.get(GET)).isInstanceOfSatisfying(PythonException.class, e -> {
            assertThat(e.module()).isEqualTo("builtins");
            assertThat(e.type()).isEqualTo("ValueError");
            assertThat(e.pythonMessage()).isEqualTo("no luck");
            assertThat(e.traceback()).contains("Traceback (most recent call last)", "ValueError: no luck");
        });
        assertThat(r.state()).isEqualTo(TaskState.FAILURE);
    }

    @Test
    void aTaskNoWorkerKnowsEndsInAClearTimeoutAsInCelery() {
        AsyncResult r = toNewest.send("tasks.no_such_task", 1);
        // The Python worker rejects it and stores NotRegistered; a queue nobody consumes would leave it PENDING.
        AsyncResult pending = (AsyncResult) toNewest.apply(Signature.of("tasks.add", 1, 1)
                .queue(LovageWorker.newQueue("nobody")));
        assertThatThrownBy(() -> pending.get(Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(ResultTimeoutException.class, e -> {
                    assertThat(e.state()).isEqualTo(TaskState.PENDING);
                    assertThat(e.getMessage()).contains("tasks.add[" + pending.id() + "]", "not ready within 3.0 s");
                });
        assertThatThrownBy(() -> r.get(GET)).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.type()).isEqualTo("NotRegistered"));
    }

    @ParameterizedTest
    @MethodSource("workers")
    void aPythonClientRestoresAGroupTheJavaClientStartedAndSaved(String worker) {
        GroupResult g = (GroupResult) to(worker).apply(group(add(1, 1), add(2, 2), add(3, 3)));
        g.save();
        PythonCelery python = worker.equals("newest") ? Services.get().python() : Services.get().python52();
        String out = python.run("""
                import json
                from celery.result import GroupResult
                from tasks import app
                g = GroupResult.restore('%s', app=app)
                print(json.dumps({'id': g.id, 'ids': [r.id for r in g.results], 'values': g.get(timeout=60)}))
                """.formatted(g.id()));
        assertThat(out).contains("\"values\": [2, 4, 6]");
        List<String> ids = new ArrayList<>();
        g.results().forEach(r -> ids.add("\"" + r.id() + "\""));
        assertThat(out).contains(String.join(", ", ids));
        g.delete();
    }

    @Test
    void aPythonSavedGroupIsRestoredInJava() {
        String id = Services.get().python().run("""
                from celery import group
                from tasks import add, app
                app.conf.task_default_queue = '%s'
                g = group(add.s(5, 5), add.s(6, 6)).apply_async()
                g.save()
                print(g.id)
                """.formatted(NEWEST)).strip();
        GroupResult g = toNewest.restoreGroup(id);
        assertThat(g).isNotNull();
        assertThat(g.get(GET)).containsExactly(10, 12);
    }

    @Test
    void argumentsThatCannotBeSerializedFailAtApplyAndNothingIsPublished() {
        String queue = LovageWorker.newQueue("client_bad_args");
        try (CeleryClient c = client(queue)) {
            assertThatThrownBy(() -> c.apply(group(add(1, 1), Signature.of("tasks.echo", new Thread()))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread");
            String out = Services.get().python().run("""
                    from tasks import app
                    with app.connection_for_read() as conn:
                        ch = conn.default_channel
                        try:
                            print(ch.queue_declare('%s', passive=True).message_count)
                        except Exception as e:
                            print('absent')
                    """.formatted(queue)).strip();
            assertThat(out).isIn("absent", "0");
        }
    }
}
