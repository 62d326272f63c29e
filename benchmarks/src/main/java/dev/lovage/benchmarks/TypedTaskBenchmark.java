package dev.lovage.benchmarks;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call of {@code tasks.add(2, 3)} as the worker makes it ({@code handler.handle(ctx, args)}), written two ways:
 * <ul>
 *   <li>{@code lambda}: {@code (ctx, args) -> args.longAt(0) + args.longAt(1)}, the untyped registration;</li>
 *   <li>{@code typed}: {@code @CeleryTask long add(long x, long y)}, bound as Python binds the call (here by
 *       position), converted and invoked through its method handle;</li>
 *   <li>{@code typedKeywords}: the same typed task called with {@code kwargs={'x': 2, 'y': 3}}.</li>
 * </ul>
 * The target: {@code typed} costs at most 10% more than {@code lambda}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TypedTaskBenchmark {

    /** The typed form of the task. */
    public static final class MathTasks {
        @CeleryTask(name = "tasks.add")
        public long add(long x, long y) {
            return x + y;
        }
    }

    private TaskHandler lambda;
    private TaskHandler typed;
    private TaskContext ctx;
    private TaskArgs positional;
    private TaskArgs keywords;

    @Setup
    public void setUp() throws Exception {
        CeleryConfig config = CeleryConfig.builder().build();
        lambda = CeleryWorker.builder(config).task("tasks.add", (c, args) -> args.longAt(0) + args.longAt(1))
                .handler("tasks.add");
        typed = CeleryWorker.builder(config).tasks(new MathTasks()).handler("tasks.add");
        // Neither form reads the context; a proxy stands in for the worker's.
        ctx = (TaskContext) Proxy.newProxyInstance(TaskContext.class.getClassLoader(),
                new Class<?>[] {TaskContext.class}, (proxy, method, args) -> null);
        positional = new TaskArgs(List.of(2, 3), Map.of());
        keywords = new TaskArgs(List.of(), Map.of("x", 2, "y", 3));
        for (TaskHandler h : List.of(lambda, typed)) {
            if (!Long.valueOf(5).equals(h.handle(ctx, positional))) {
                throw new IllegalStateException("tasks.add(2, 3) is not 5");
            }
        }
        if (!Long.valueOf(5).equals(typed.handle(ctx, keywords))) {
            throw new IllegalStateException("tasks.add(x=2, y=3) is not 5");
        }
    }

    @Benchmark
    public Object lambda() throws Exception {
        return lambda.handle(ctx, positional);
    }

    @Benchmark
    public Object typed() throws Exception {
        return typed.handle(ctx, positional);
    }

    @Benchmark
    public Object typedKeywords() throws Exception {
        return typed.handle(ctx, keywords);
    }
}
