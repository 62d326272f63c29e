package dev.lovage.worker;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.broker.OutgoingMessage;
import dev.lovage.worker.testing.InMemoryResultBackend;
import dev.lovage.worker.testing.RecordingBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a task sends through its context: replace, add_to_chord, subtasks; and what it then stores. */
@Timeout(10)
final class TaskContextCanvasTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingBroker broker = new RecordingBroker();
    private final JoiningBackend backend = new JoiningBackend();
    private CeleryWorker worker;

    /** An in-memory backend that also records the chord operations a task asks for. */
    static final class JoiningBackend implements ResultBackend, ChordBackend {
        final InMemoryResultBackend results = new InMemoryResultBackend();
        final List<String> chordCalls = new ArrayList<>();

        @Override
        public void store(ResultMeta meta) {
            results.store(meta);
        }

        @Override
        public @Nullable ResultMeta get(String taskId) {
            return results.get(taskId);
        }

        @Override
        public void forget(String taskId) {
            results.forget(taskId);
        }

        @Override
        public String describe() {
            return "joining://";
        }

        @Override
        public @Nullable Join addPart(String groupId, String taskId, @Nullable Integer groupIndex, TaskState state,
                @Nullable Object result) {
            return null;
        }

        @Override
        public boolean extendClaim(String groupId, String claimToken, Duration ttl) {
            return true;
        }

        @Override
        public boolean finishChord(String groupId, String claimToken) {
            return true;
        }

        @Override
        public void abandonChord(String groupId) {
        }

        @Override
        public synchronized void setChordSize(String groupId, int size) {
            chordCalls.add("size " + groupId + " " + size);
        }

        @Override
        public synchronized void addToChord(String groupId) {
            chordCalls.add("add " + groupId);
        }
    }

    private void start() {
        worker = CeleryWorker.builder(CeleryConfig.builder().workerConcurrency(1).build())
                .broker(broker).resultBackend(backend).hostname("unit@%h")
                .task("tasks.replacer", (ctx, args) -> {
                    throw ctx.replace(chain(Signature.of("tasks.add", 1, 1), Signature.of("tasks.mul", 2)));
                })
                .task("tasks.grower", (ctx, args) -> ctx.addToChord(Signature.of("tasks.mul", 3, 3)).id())
                .task("tasks.spawner", (ctx, args) -> ctx.delay(Signature.of("tasks.mul", 2), 2).id())
                .build();
        worker.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        worker.close();
        assertThat(worker.awaitTermination(WAIT)).isTrue();
    }

    private static List<?> body(OutgoingMessage m) {
        return (List<?>) PyJson.read(new String(m.body(), StandardCharsets.UTF_8));
    }

    private static Map<String, Object> dict(Signature s) {
        return s.toDict();
    }

    @Test
    void replaceSendsTheChainFrozenWithTheTasksIdAndTheRestOfItsChainAndStoresNothing() throws Exception {
        start();
        var next = Signature.of("tasks.add", 100).withTaskId("next-1");
        var msg = aTaskMessage().withTask("tasks.replacer").withHeader("root_id", "root-1")
                .withEmbed("chain", List.of(dict(next)));
        long tag = broker.deliver(msg);
        assertThat(broker.awaitAction(tag, WAIT).kind()).isEqualTo("ack");
        OutgoingMessage m = broker.awaitPublished(1, WAIT).get(0);
        assertThat(m.headers()).containsEntry("task", "tasks.add").containsEntry("parent_id", msg.id())
                .containsEntry("root_id", "root-1").containsEntry("replaced_task_nesting", 1);
        List<?> chainEmbed = (List<?>) ((Map<?, ?>) body(m).get(2)).get("chain");
        // Next step last: mul(2), frozen with the replaced task's id, then the replaced task's own next step.
        assertThat(chainEmbed).hasSize(2);
        Signature mul = Signature.fromDict(chainEmbed.get(1));
        assertThat(mul.task()).isEqualTo("tasks.mul");
        assertThat(mul.taskId()).isEqualTo(msg.id());
        assertThat(Signature.fromDict(chainEmbed.get(0)).taskId()).isEqualTo("next-1");
        assertThat(backend.get(msg.id())).as("the replaced task stores nothing (Ignore)").isNull();
    }

    @Test
    void addToChordGrowsTheJoinThenSendsTheTaskAsAMember() throws Exception {
        start();
        var body = Signature.of("tasks.xsum").withTaskId("body-1");
        var msg = aTaskMessage().withTask("tasks.grower").withHeader("group", "group-1")
                .withHeader("group_index", 0).withEmbed("chord", dict(body));
        broker.deliver(msg);
        OutgoingMessage m = broker.awaitPublished(1, WAIT).get(0);
        assertThat(backend.chordCalls).containsExactly("add group-1");
        assertThat(m.headers()).containsEntry("task", "tasks.mul").containsEntry("group", "group-1")
                .containsEntry("group_index", 0).containsEntry("parent_id", msg.id());
        Signature chord = Signature.fromDict(((Map<?, ?>) body(m).get(2)).get("chord"));
        assertThat(chord.taskId()).isEqualTo("body-1");
    }

    @Test
    void addToChordOutsideAChordFailsTheTask() throws Exception {
        start();
        var msg = aTaskMessage().withTask("tasks.grower");
        broker.deliver(msg);
        ResultMeta failed = backend.results.awaitState(msg.id(), TaskState.FAILURE, WAIT);
        assertThat(((ExceptionInfo) failed.result()).excMessage().get(0).toString())
                .contains("not a member of any chord");
        assertThat(broker.published()).isEmpty();
    }

    @Test
    void aSubtaskIsSentAsTheTasksChildAndRecordedInItsResult() throws Exception {
        start();
        var msg = aTaskMessage().withTask("tasks.spawner").withHeader("root_id", "root-1");
        broker.deliver(msg);
        ResultMeta done = backend.results.awaitState(msg.id(), TaskState.SUCCESS, WAIT);
        OutgoingMessage m = broker.published().get(0);
        assertThat(m.headers()).containsEntry("task", "tasks.mul").containsEntry("parent_id", msg.id())
                .containsEntry("root_id", "root-1").containsEntry("argsrepr", "(2, 2)");
        assertThat(done.result()).isEqualTo(m.headers().get("id"));
        assertThat(done.children()).containsExactly(ResultRef.task((String) m.headers().get("id")).asTuple());
    }
}
