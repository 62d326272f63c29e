package dev.lovage.client;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class CeleryClientTest {
    private static final Instant DONE = Instant.parse("2026-06-01T12:00:00Z");
    private final RecordingBroker broker = new RecordingBroker();
    private final InMemoryResultBackend backend = new InMemoryResultBackend();
    private final CeleryClient client = CeleryClient.builder(CeleryConfig.builder()
            .taskRoutes(Map.of("tasks.mul", "math")).build()).broker(broker).resultBackend(backend).build();

    CeleryClientTest() {
        // A borrowed broker is connected by its owner.
        broker.connect();
    }

    @AfterEach
    void close() {
        client.close();
        assertThat(broker.isClosed()).as("a borrowed broker stays open").isFalse();
    }

    private static Object body(OutgoingMessage m) {
        return PyJson.read(new String(m.body(), StandardCharsets.UTF_8));
    }

    @Test
    void sendPublishesOneTaskToTheDefaultQueueAsCeleryDoes() {
        AsyncResult r = client.send("tasks.add", 2, 3);
        OutgoingMessage m = broker.published().get(0);
        assertThat(m.exchange()).isEmpty();
        assertThat(m.routingKey()).isEqualTo("celery");
        assertThat(broker.declared()).containsExactly("celery");
        assertThat(m.headers()).containsEntry("task", "tasks.add").containsEntry("id", r.id())
                .containsEntry("root_id", r.id()).containsEntry("argsrepr", "(2, 3)").containsEntry("kwargsrepr", "{}");
        assertThat(m.headers().keySet()).startsWith("lang", "task", "id", "shadow", "eta", "expires", "group");
        assertThat(m.properties().correlationId()).isEqualTo(r.id());
        assertThat(body(m)).isEqualTo(PyJson.read(
                "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]"));
    }

    @Test
    void routesFollowTaskRoutes() {
        client.send("tasks.mul", 2, 3);
        assertThat(broker.published().get(0).routingKey()).isEqualTo("math");
    }

    @Test
    void anArgumentThatCannotBeSerializedFailsTheCallAndNothingIsPublished() {
        Signature bad = Signature.of("tasks.echo", new Object());
        assertThatThrownBy(() -> client.apply(group(Signature.of("tasks.add", 1, 1), bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThat(broker.published()).isEmpty();
    }

    @Test
    void aChordNeedsABackendThatJoinsChordsAndNothingIsSentWithout() {
        assertThatThrownBy(() -> client.apply(chord(List.of(Signature.of("tasks.add", 1, 1)),
                Signature.of("tasks.xsum")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("result backend that joins chords");
        assertThat(broker.published()).isEmpty();
    }

    @Test
    void aChainGivesTheLastTasksResultWithTheEarlierOnesAsParents() {
        CeleryResult r = client.apply(chain(Signature.of("tasks.add", 1, 1), Signature.of("tasks.mul", 2),
                Signature.of("tasks.add", 3)));
        assertThat(r).isInstanceOf(AsyncResult.class);
        assertThat(broker.published()).hasSize(1);
        assertThat(r.parent()).isNotNull();
        assertThat(r.parent().parent().id()).isEqualTo(broker.published().get(0).headers().get("id"));
    }

    @Test
    void aGroupGivesAGroupResultOfItsMembersInOrder() {
        CeleryResult r = client.apply(group(Signature.of("tasks.add", 1, 1), Signature.of("tasks.add", 2, 2)));
        assertThat(r).isInstanceOf(GroupResult.class);
        List<CeleryResult> members = ((GroupResult) r).results();
        assertThat(members).extracting(CeleryResult::id).containsExactly(
                (String) broker.published().get(0).headers().get("id"),
                (String) broker.published().get(1).headers().get("id"));
        assertThat(broker.published()).allSatisfy(m -> assertThat(m.headers()).containsEntry("group", r.id()));
    }

    @Test
    void getReturnsTheStoredValue() {
        AsyncResult r = client.send("tasks.add", 2, 3);
        backend.store(new ResultMeta(r.id(), TaskState.SUCCESS, 5, null, List.of(), DONE, null, null, null));
        assertThat(r.get(Duration.ofSeconds(5), Integer.class)).isEqualTo(5);
        assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(r.ready()).isTrue();
        assertThat(r.successful()).isTrue();
        assertThat(r.dateDone()).isEqualTo(DONE);
    }

    @Test
    void aFailureIsThrownAsThePythonExceptionWithItsTraceback() {
        AsyncResult r = client.asyncResult("failed-1");
        backend.store(new ResultMeta("failed-1", TaskState.FAILURE, ExceptionInfo.of("builtins", "ValueError",
                "boom"), "Traceback (most recent call last):\nValueError: boom\n", List.of(), DONE, null, null, null));
        assertThatThrownBy(() -> r.get(Duration.ofSeconds(5))).isInstanceOfSatisfying(PythonException.class, e -> {
            assertThat(e.module()).isEqualTo("builtins");
            assertThat(e.type()).isEqualTo("ValueError");
            assertThat(e.pythonMessage()).isEqualTo("boom");
            assertThat(e.traceback()).endsWith("ValueError: boom\n");
            assertThat(e.getMessage()).isEqualTo("ValueError: boom");
        });
        assertThat(r.failed()).isTrue();
    }

    @Test
    void aTaskNoWorkerRunsEndsInATimeoutNamingItAndItsState() {
        AsyncResult r = client.send("tasks.nobody_knows");
        assertThatThrownBy(() -> r.get(Duration.ofMillis(300))).isInstanceOfSatisfying(ResultTimeoutException.class,
                e -> {
                    assertThat(e.state()).isEqualTo(TaskState.PENDING);
                    assertThat(e.getMessage()).contains("tasks.nobody_knows[" + r.id() + "]", "PENDING",
                            "does it know the task");
                });
    }

    @Test
    void aFailedEarlierStepOfAChainIsThrownWhileWaitingForTheLast() {
        CeleryResult r = client.apply(chain(Signature.of("tasks.add", 1, 1), Signature.of("tasks.add", 2)));
        backend.store(new ResultMeta(r.parent().id(), TaskState.FAILURE, ExceptionInfo.of("builtins", "KeyError",
                "k"), null, List.of(), DONE, null, null, null));
        assertThatThrownBy(() -> r.get(Duration.ofSeconds(5))).isInstanceOfSatisfying(PythonException.class,
                e -> assertThat(e.type()).isEqualTo("KeyError"));
    }

    @Test
    void aGroupIsSavedAndRestoredById() {
        GroupResult g = (GroupResult) client.apply(group(Signature.of("tasks.add", 1, 1),
                Signature.of("tasks.add", 2, 2)));
        g.save();
        GroupResult back = client.restoreGroup(g.id());
        assertThat(back).isEqualTo(g);
        for (CeleryResult m : g.results()) {
            backend.store(new ResultMeta(m.id(), TaskState.SUCCESS, 2, null, List.of(), DONE, null, null, null));
        }
        assertThat(back.get(Duration.ofSeconds(5))).containsExactly(2, 2);
        assertThat(back.completedCount()).isEqualTo(2);
        g.delete();
        assertThat(client.restoreGroup(g.id())).isNull();
    }

    @Test
    void revokeBroadcastsCeleryRevokeRequest() {
        client.revoke("abc", true);
        assertThat(broker.broadcasts()).hasSize(1);
        Map<String, Object> request = broker.broadcasts().get(0);
        assertThat(request).containsEntry("method", "revoke");
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = (Map<String, Object>) request.get("arguments");
        assertThat(arguments).containsEntry("task_id", "abc").containsEntry("terminate", true)
                .containsEntry("signal", "SIGTERM");
    }

    @Test
    void forgetDeletesTheResultAndItsParents() {
        CeleryResult r = client.apply(chain(Signature.of("tasks.add", 1, 1), Signature.of("tasks.add", 2)));
        for (String id : List.of(r.id(), r.parent().id())) {
            backend.store(new ResultMeta(id, TaskState.SUCCESS, 1, null, List.of(), DONE, null, null, null));
        }
        r.forget();
        assertThat(backend.get(r.id())).isNull();
        assertThat(backend.get(r.parent().id())).isNull();
    }
}
