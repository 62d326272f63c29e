package dev.lovage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.PythonException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class ExampleTasksTest {
    private final ExampleTasks tasks = new ExampleTasks();

    @Test
    void registersEveryNameOfThePythonApp() {
        CeleryWorkerBuilder builder = CeleryWorker.builder(CeleryConfig.builder().build()).app(tasks);
        assertThat(builder.registeredNames()).containsExactlyInAnyOrder("tasks.add", "tasks.mul", "tasks.xsum",
                "tasks.echo", "tasks.fail", "tasks.sleep", "tasks.retry_until", "tasks.noop", "tasks.record_error",
                "tasks.always_retry", "tasks.flaky", "tasks.until_soft_limit", "tasks.rate_limited");
    }

    @Test
    void addAndMulBehaveAsPythonsOperators() {
        assertThat(tasks.add(2, 3)).isEqualTo(5L);
        assertThat(tasks.add(Long.MAX_VALUE, 1)).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        assertThat(tasks.add(1, 0.5)).isEqualTo(1.5);
        assertThat(tasks.add("a", "b")).isEqualTo("ab");
        assertThat(tasks.add(List.of(1), List.of(2))).isEqualTo(List.of(1, 2));
        assertThat(tasks.mul("ab", 2)).isEqualTo("abab");
        assertThatThrownBy(() -> tasks.add("a", 1)).isInstanceOf(PythonException.class)
                .hasMessageContaining("unsupported operand type(s) for +: 'str' and 'int'");
        assertThat(tasks.xsum(List.of(1, 2, 3.5))).isEqualTo(6.5);
    }

    @Test
    void echoReturnsArgsAndKwargs() {
        assertThat(tasks.echo(List.of(1, "a"), Map.of("k", true)))
                .isEqualTo(Map.of("args", List.of(1, "a"), "kwargs", Map.of("k", true)));
    }
}
