package dev.lovage.it;

import static dev.lovage.protocol.Canvas.chain;
import static dev.lovage.protocol.Canvas.chord;
import static dev.lovage.protocol.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.client.CeleryClient;
import dev.lovage.client.GroupResult;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TestBroker;
import dev.lovage.protocol.Signature;
import dev.lovage.worker.CeleryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client publishes through the Redis broker (kombu's transport, lovage-broker-redis, found by the
 * {@code redis://} scheme) to a Python worker and to a Lovage worker on the same Redis broker.
 */
@Timeout(180)
final class ClientRedisBrokerIT {
    private static final Duration GET = Duration.ofSeconds(60);

    private static CeleryClient client(String queue) {
        return CeleryClient.connect(CeleryConfig.builder().brokerUrl(TestBroker.REDIS.url())
                .resultBackend(Services.get().redisUrl()).taskDefaultQueue(queue).build());
    }

    @Test
    void tasksAndCanvasesReachAPythonWorkerThroughTheRedisBroker() {
        String queue = LovageWorker.newQueue("client_redis_py");
        try (PythonCelery.ProcessHandleCloseable py = TestBroker.REDIS.python().startWorker(queue,
                "client-redis-py@%h", Map.of("CELERY_TASK_DEFAULT_QUEUE", queue));
             CeleryClient celery = client(queue)) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            assertThat(celery.send("tasks.add", 2, 3).get(GET)).isEqualTo(5);
            assertThat(celery.apply(chain(Signature.of("tasks.add", 1, 1), Signature.of("tasks.mul", 10))).get(GET))
                    .isEqualTo(20);
            List<Signature> header = IntStream.range(0, 20).mapToObj(i -> Signature.of("tasks.add", i, i)).toList();
            assertThat(celery.apply(chord(header, Signature.of("tasks.xsum"))).get(GET)).isEqualTo(380);
        }
    }

    @Test
    void aGroupReachesALovageWorkerThroughTheRedisBroker() {
        String queue = LovageWorker.newQueue("client_redis_java");
        try (LovageWorker w = LovageWorker.start(TestBroker.REDIS, queue, c -> c.taskDefaultQueue(queue));
             CeleryClient celery = client(queue)) {
            GroupResult g = (GroupResult) celery.apply(group(Signature.of("tasks.add", 1, 1),
                    Signature.of("tasks.mul", 2, 3)));
            assertThat(g.get(GET)).containsExactly(2, 6);
        }
    }
}
