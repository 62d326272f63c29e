package dev.lovage.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.TaskMessage;
import dev.lovage.protocol.codec.DecoderOptions;
import dev.lovage.protocol.codec.MessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A fuzz of the decoder: whatever a message holds, decoding it returns a message or refuses it with a
 * {@link ProtocolException} naming the cause; never any other exception or error, never a hang, never more memory
 * than the limits allow. Deferred decoding (the worker's) refuses exactly what eager decoding refuses. 3,000 tries
 * from a new seed each run, at most 60 s; {@link FuzzRun} says how to replay a seed or change the figures.
 */
final class DecoderFuzzTest {
    private static final MessageDecoder DECODER = MessageDecoder.create(
            new DecoderOptions(List.of("json", "msgpack", "yaml"), 1024 * 1024, 100, 100_000));

    @Test
    void decodingReturnsOrRefusesWithAProtocolException() throws InterruptedException {
        FuzzRun.Summary summary = FuzzRun.fromSystemProperties(3000, Duration.ofSeconds(60))
                .check(FuzzMessages.messages(), DecoderFuzzTest::returnsOrRefuses);
        System.out.println("DecoderFuzzTest: " + summary);
        assertThat(summary.tries()).isPositive();
    }

    private static void returnsOrRefuses(FuzzMessage m) {
        Outcome eager = outcome(() -> DECODER.decode(m.properties(), m.headers(), m.body()));
        Outcome deferred = outcome(() -> {
            TaskMessage message = DECODER.decodeDeferred(m.properties(), m.headers(), m.body());
            message.body();
            return message;
        });
        assertThat(eager.unexpected).as("eager decoding of %s", m).isNull();
        assertThat(deferred.unexpected).as("deferred decoding of %s", m).isNull();
        assertThat(deferred.refused).as("deferred and eager agree on %s", m).isEqualTo(eager.refused);
    }

    private record Outcome(boolean refused, Throwable unexpected) {
    }

    private static Outcome outcome(Supplier<TaskMessage> decode) {
        try {
            TaskMessage message = decode.get();
            message.headers().task();
            message.body().args().size();
            return new Outcome(false, null);
        } catch (ProtocolException e) {
            return new Outcome(true, null);
        } catch (Throwable t) {
            return new Outcome(false, t);
        }
    }
}
