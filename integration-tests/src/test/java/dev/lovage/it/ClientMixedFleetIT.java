package dev.lovage.it;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.client.CeleryClient;
import dev.lovage.client.CeleryResult;
import dev.lovage.client.GroupResult;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.protocol.Signature;
import dev.lovage.worker.CeleryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client's canvases split between a Python worker and a Lovage worker: alternate steps and members go to
 * each (by queue), so every chain hands over between languages and every chord is joined across both.
 */
@Timeout(180)
final class ClientMixedFleetIT {
    private static final Duration GET = Duration.ofSeconds(90);
    private static final String JAVA = LovageWorker.newQueue("mixed_client_java");
    private static final String PY = LovageWorker.newQueue("mixed_client_py");
    private static LovageWorker lovage;
    private static PythonCelery.ProcessHandleCloseable python;
    private static CeleryClient client;

    @BeforeAll
    static void start() {
        Services s = Services.get();
        python = s.python().startWorker(PY, "mixed-client-py@%h", Map.of("CELERY_TASK_DEFAULT_QUEUE", PY));
        lovage = LovageWorker.start(JAVA, c -> c.taskDefaultQueue(JAVA));
        client = CeleryClient.connect(CeleryConfig.builder().brokerUrl(s.amqpUrl()).resultBackend(s.redisUrl())
                .taskDefaultQueue(JAVA).build());
        python.awaitOutput("ready.", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {client, lovage, python}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    /** tasks.add on the Python worker when {@code i} is even, on the Lovage worker when odd. */
    private static Signature add(int i, Object... args) {
        return Signature.of("tasks.add", args).queue(i % 2 == 0 ? PY : JAVA);
    }

    @Test
    void aChainOfFiveHandedOverAtEveryStep() {
        CeleryResult r = client.apply(chain(add(0, 1, 1), add(1, 2), add(2, 3), add(3, 4), add(4, 5)));
        assertThat(r.get(GET)).isEqualTo(16);
    }

    @Test
    void aGroupOfFiftyHalfOnEachSide() {
        GroupResult g = (GroupResult) client.apply(group(IntStream.range(0, 50).mapToObj(i -> add(i, i, i)).toList()));
        assertThat(g.get(GET)).isEqualTo(IntStream.range(0, 50).mapToObj(i -> 2 * i).toList());
    }

    @Test
    void aChordOfOneHundredJoinedAcrossBothWithTheBodyOnEachSide() {
        List<Signature> header = IntStream.range(0, 100).mapToObj(i -> add(i, i, i)).toList();
        assertThat(client.apply(chord(header, Signature.of("tasks.xsum").queue(PY))).get(GET)).isEqualTo(9900);
        assertThat(client.apply(chord(header, Signature.of("tasks.xsum").queue(JAVA))).get(GET)).isEqualTo(9900);
    }

    @Test
    void aChordInsideAChainAcrossBoth() {
        CeleryResult r = client.apply(chain(add(0, 1, 2), chord(List.of(Signature.of("tasks.mul", 2).queue(JAVA),
                Signature.of("tasks.mul", 3).queue(PY)), Signature.of("tasks.xsum").queue(PY)), add(1, 10)));
        assertThat(r.get(GET)).isEqualTo(25);
    }
}
