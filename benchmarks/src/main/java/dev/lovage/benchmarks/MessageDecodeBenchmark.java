package dev.lovage.benchmarks;

import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.protocol.codec.MessageDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code MessageDecoder.decode}, the call the worker makes for every delivery (worker's DeliveryHandler), on task
 * messages Celery 5.6.3 published to RabbitMQ, captured byte for byte:
 * <ul>
 *   <li>{@code plain}: {@code add.delay(2, 3)}, an 81-byte protocol-2 JSON body with an empty embed;</li>
 *   <li>{@code chord}: a chord header task, {@code embed.chord} holding the callback signature;</li>
 *   <li>{@code chain_chord}: {@code add.s(1, 1) | chord(...)}, a 1.8 kB body whose {@code embed.chain} holds a
 *       chord with a two-task group header and its body.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MessageDecodeBenchmark {
    @Param({"plain", "chord", "chain_chord"})
    public String message;

    private MessageDecoder decoder;
    private CapturedDelivery delivery;

    @Setup
    public void setUp() {
        // What CeleryWorker builds from the default settings: accept_content ['json'], worker_max_body_size 64 MiB.
        decoder = MessageDecoder.create(DecoderOptions.DEFAULTS);
        delivery = CapturedDelivery.load("/wire/messages-celery-5.6.3/" + message + ".json");
        // Fail in setup, not in the measurement, if the capture does not decode.
        TaskMessage m = decode();
        if (!m.headers().task().equals("research.add")) {
            throw new IllegalStateException("unexpected task " + m.headers().task());
        }
    }

    @Benchmark
    public void decode(Blackhole bh) {
        bh.consume(decode());
    }

    private TaskMessage decode() {
        return decoder.decode(delivery.properties(), delivery.headers(), delivery.body());
    }
}
