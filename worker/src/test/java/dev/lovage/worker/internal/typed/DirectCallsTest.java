package dev.lovage.worker.internal.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskHandler;
import dev.lovage.worker.internal.RegisteredTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The all-positional call of a typed task, taken by a hidden class of its own, and what it hands to the binder. */
@Timeout(10)
final class DirectCallsTest {
    public record Point(int x, int y) {
    }

    public static final class Tasks {
        final List<String> seen = new ArrayList<>();

        @CeleryTask(name = "t.add")
        public long add(long x, long y) {
            return x + y;
        }

        @CeleryTask(name = "t.mix")
        public String mix(int a, double b, boolean c, String d, @Nullable Long e) {
            return a + " " + b + " " + c + " " + d + " " + e;
        }

        @CeleryTask(name = "t.none")
        public int none() {
            return 7;
        }

        @CeleryTask(name = "t.record")
        public void record(String what) {
            seen.add(what);
        }

        @CeleryTask(name = "t.point")
        public Point point(Point p) {
            return new Point(p.y(), p.x());
        }

        @CeleryTask(name = "t.fails")
        public int fails(int x) throws IOException {
            throw new IOException("disk " + x);
        }

        @CeleryTask(name = "t.context")
        public int context(TaskContext ctx, int x) {
            return x;
        }

        @CeleryTask(name = "t.statics")
        public static long twice(long x) {
            return 2 * x;
        }
    }

    private final Tasks tasks = new Tasks();

    private TaskHandler handler(String name) {
        return TypedTasks.of(tasks).stream().filter(t -> t.name().equals(name)).map(RegisteredTask::handler)
                .findFirst().orElseThrow();
    }

    private static @Nullable Object call(TaskHandler h, List<?> args, Map<String, ?> kwargs) throws Exception {
        return h.handle(new FakeTaskContext(), new TaskArgs(new ArrayList<>(args), Map.copyOf(kwargs)));
    }

    @Test
    void plainPositionalTasksGetAHiddenClassEach() {
        for (String name : List.of("t.add", "t.mix", "t.none", "t.record", "t.point", "t.fails", "t.statics")) {
            assertThat(handler(name).getClass().isHidden()).as(name).isTrue();
        }
        assertThat(handler("t.add").getClass()).isNotEqualTo(handler("t.statics").getClass());
        assertThat(handler("t.context")).isInstanceOf(TypedHandler.class);
    }

    @Test
    void convertsCallsAndReturnsPlainValues() throws Exception {
        assertThat(call(handler("t.add"), List.of(2, 3L), Map.of())).isEqualTo(5L);
        assertThat(call(handler("t.statics"), List.of(21), Map.of())).isEqualTo(42L);
        assertThat(call(handler("t.mix"), List.of(1, 2.5, true, "s", 9), Map.of())).isEqualTo("1 2.5 true s 9");
        assertThat(call(handler("t.mix"), Arrays.asList(1, 2, false, "s", null), Map.of()))
                .isEqualTo("1 2.0 false s null");
        assertThat(call(handler("t.none"), List.of(), Map.of())).isEqualTo(7);
        assertThat(call(handler("t.record"), List.of("a"), Map.of())).isNull();
        assertThat(tasks.seen).containsExactly("a");
        assertThat(call(handler("t.point"), List.of(Map.of("x", 1, "y", 2)), Map.of()))
                .isEqualTo(Map.of("x", 2, "y", 1));
    }

    @Test
    void theTaskExceptionPassesThroughUnwrapped() {
        assertThatThrownBy(() -> call(handler("t.fails"), List.of(4), Map.of())).isInstanceOf(IOException.class)
                .hasMessage("disk 4");
    }

    @Test
    void otherCallsAreBoundAsCPythonBindsThem() throws Exception {
        assertThat(call(handler("t.add"), List.of(2), Map.of("y", 3))).isEqualTo(5L);
        assertThatThrownBy(() -> call(handler("t.add"), List.of(1, 2, 3), Map.of()))
                .isInstanceOfSatisfying(PythonException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("TypeError: add() takes 2 positional arguments but 3 were given"));
        // A value that does not convert: the binder words it, naming the parameter.
        assertThatThrownBy(() -> call(handler("t.add"), List.of(2, "3"), Map.of()))
                .isInstanceOfSatisfying(PythonException.class, e -> assertThat(e.getMessage()).contains("'y'"));
        assertThatThrownBy(() -> call(handler("t.add"), Arrays.asList(2, null), Map.of()))
                .isInstanceOf(PythonException.class);
    }
}
