package dev.lovage.benchmarks;

import dev.lovage.protocol.codec.ResultMetaCodec;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import java.time.Instant;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code ResultMetaCodec.encode}: the {@code celery-task-meta-<id>} JSON document the Redis backend writes (SETEX and
 * PUBLISH) once per task, byte for byte as Python's {@code json.dumps} would. The inputs are the ones backend-redis's
 * ResultMetaCodecTest checks against Celery 5.2.6's own documents:
 * <ul>
 *   <li>{@code success}: {@code tasks.add} returned 5;</li>
 *   <li>{@code failure}: {@code raise ValueError('boom')}, with the 9-line traceback Celery stored.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResultEncodeBenchmark {
    // From backend-redis/src/test/resources/celery-5.2.6/failure.json (paths shortened by whoever captured it).
    private static final String TRACEBACK = """
            Traceback (most recent call last):
              File "<site-packages>/celery/app/trace.py", line 451, in trace_task
                R = retval = fun(*args, **kwargs)
                             ^^^^^^^^^^^^^^^^^^^^
              File "<site-packages>/celery/app/trace.py", line 734, in __protected_call__
                return self.run(*args, **kwargs)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^
              File "benchapp.py", line 69, in fail
                raise ValueError('boom')
            ValueError: boom
            """;

    private ResultMeta success;
    private ResultMeta failure;

    @Setup
    public void setUp() {
        success = new ResultMeta("26992b41-50fc-4dd0-a7af-9998e645939e", TaskState.SUCCESS, 5, null, List.of(),
                Instant.parse("2026-11-24T06:17:50.072937Z"), null, null, null);
        failure = new ResultMeta("f38a4f8c-9fa3-4d61-b1f0-747f8ceb414a", TaskState.FAILURE,
                new ExceptionInfo("ValueError", List.of("boom"), "builtins"), TRACEBACK, List.of(),
                Instant.parse("2026-11-24T06:17:51.204077Z"), null, null, null);
        // Fail in setup, not in the measurement, if the codec no longer writes what Celery wrote.
        expect(ResultMetaCodec.encode(success), "{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null, "
                + "\"children\": [], \"date_done\": \"2026-11-24T06:17:50.072937+00:00\", "
                + "\"task_id\": \"26992b41-50fc-4dd0-a7af-9998e645939e\"}");
        String failed = ResultMetaCodec.encode(failure);
        if (!failed.startsWith("{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ValueError\", "
                + "\"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}, \"traceback\": \"Traceback (most")
                || !ResultMetaCodec.decode(failed).equals(failure)) {
            throw new IllegalStateException("unexpected document " + failed);
        }
    }

    @Benchmark
    public void encodeSuccess(Blackhole bh) {
        bh.consume(ResultMetaCodec.encode(success));
    }

    @Benchmark
    public void encodeFailure(Blackhole bh) {
        bh.consume(ResultMetaCodec.encode(failure));
    }

    private static void expect(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException("expected " + expected + " but the codec wrote " + actual);
        }
    }
}
