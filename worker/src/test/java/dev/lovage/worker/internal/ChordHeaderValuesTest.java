package dev.lovage.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ChordBackend.Part;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.testing.InMemoryResultBackend;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The callback's values from a completed join, shaped by a saved header as Celery's Redis backend shapes them
 * (Celery's t/integration test_nested_chord_group_chain_group_tail: a header member that is a chain ending in a group
 * gives {@code [[42, 42]]}, not {@code [42, 42]}).
 */
@Timeout(10)
final class ChordHeaderValuesTest {
    private static final List<Part> PARTS = List.of(part("a", 42), part("b", 43));

    private static Part part(String id, Object result) {
        return new Part(id, TaskState.SUCCESS, result);
    }

    @Test
    void withoutASavedHeaderTheValuesAreThePartsInOrder() {
        assertThat(ChordHeaderValues.of(new InMemoryResultBackend(), "g", PARTS)).containsExactly(42, 43);
        assertThat(ChordHeaderValues.of(null, "g", PARTS)).containsExactly(42, 43);
    }

    @Test
    void aChainEndingInAGroupGivesThatGroupsResultsAsOneValue() {
        InMemoryResultBackend backend = new InMemoryResultBackend();
        // chord(group(chain(identity(42), group(identity(), identity()))), ...): the header's only member is the
        // chain's result, the inner group, whose parent is the first step.
        ResultRef inner = new ResultRef("inner", ResultRef.task("first"), List.of(ResultRef.task("a"),
                ResultRef.task("b")));
        backend.saveGroup("g", ResultRef.group("g", List.of(inner)));
        assertThat(ChordHeaderValues.of(backend, "g", PARTS)).containsExactly(List.of(42, 43));
    }

    @Test
    void tasksAndGroupsKeepTheirPlaces() {
        InMemoryResultBackend backend = new InMemoryResultBackend();
        List<Part> parts = List.of(part("a", 1), part("b", 2), part("c", 3), part("d", 4));
        backend.saveGroup("g", ResultRef.group("g", List.of(ResultRef.task("a"),
                ResultRef.group("x", List.of(ResultRef.task("b"), ResultRef.group("y", List.of(ResultRef.task("c"))))),
                ResultRef.task("d"))));
        assertThat(ChordHeaderValues.of(backend, "g", parts)).containsExactly(1, List.of(2, List.of(3)), 4);
    }

    @Test
    void aSavedHeaderThatIsFlatOrDoesNotMatchTheJoinLeavesThePartsAsJoined() {
        InMemoryResultBackend flat = new InMemoryResultBackend();
        flat.saveGroup("g", ResultRef.group("g", List.of(ResultRef.task("b"), ResultRef.task("a"))));
        assertThat(ChordHeaderValues.of(flat, "g", PARTS)).containsExactly(42, 43);
        InMemoryResultBackend other = new InMemoryResultBackend();
        other.saveGroup("g", ResultRef.group("g", List.of(ResultRef.group("x", List.of(ResultRef.task("zz"))))));
        assertThat(ChordHeaderValues.of(other, "g", PARTS)).containsExactly(42, 43);
    }

    @Test
    void aBackendThatKeepsNoGroupsGivesTheParts() {
        ResultBackend noGroups = new ResultBackend() {
            @Override
            public void store(ResultMeta meta) {
            }

            @Override
            public @Nullable ResultMeta get(String taskId) {
                return null;
            }

            @Override
            public void forget(String taskId) {
            }

            @Override
            public String describe() {
                return "none://";
            }
        };
        assertThat(ChordHeaderValues.of(noGroups, "g", PARTS)).containsExactly(42, 43);
    }
}
