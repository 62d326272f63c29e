package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.client.AsyncResult;
import dev.lovage.client.CeleryClient;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.PythonCelery;
import dev.lovage.it.support.Services;
import dev.lovage.it.support.TcpProxy;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.BackendException;
import dev.lovage.worker.BrokerException;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryConfigBuilder;
import dev.lovage.worker.PythonException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Revoking from Java, and what the client says when the result backend or the broker is gone. */
@Timeout(180)
final class ClientFailuresIT {

    private static CeleryConfigBuilder config(String queue) {
        Services s = Services.get();
        return CeleryConfig.builder().brokerUrl(s.amqpUrl()).resultBackend(s.redisUrl()).taskDefaultQueue(queue);
    }

    @Test
    void revokeFromJavaStopsAQueuedTaskOnAPythonWorker() {
        String queue = LovageWorker.newQueue("client_revoke");
        try (PythonCelery.ProcessHandleCloseable py = Services.get().python().startWorker(queue,
                "client-revoke@%h", Map.of("CELERY_TASK_DEFAULT_QUEUE", queue));
             CeleryClient client = CeleryClient.connect(config(queue).build())) {
            py.awaitOutput("ready.", Duration.ofSeconds(60));
            // Held by the worker until its eta, as a queued task waits its turn.
            AsyncResult r = (AsyncResult) client.apply(Signature.of("tasks.add", 1, 1).countdown(Duration.ofSeconds(6)));
            py.awaitOutput("Task tasks.add[" + r.id() + "] received", Duration.ofSeconds(30));
            r.revoke();
            assertThatThrownBy(() -> r.get(Duration.ofSeconds(30))).isInstanceOfSatisfying(PythonException.class,
                    e -> {
                        assertThat(e.module()).isEqualTo("celery.exceptions");
                        assertThat(e.type()).isEqualTo("TaskRevokedError");
                    });
            py.awaitOutput("Discarding revoked task: tasks.add[" + r.id() + "]", Duration.ofSeconds(30));
            assertThat(r.state()).as("it never ran").isEqualTo(TaskState.REVOKED);
        }
    }

    @Test
    void getWithTheRedisBackendDownFailsWithAClearErrorWithinItsTimeout() throws Exception {
        URI redis = URI.create(Services.get().redisUrl());
        String queue = LovageWorker.newQueue("client_redis_down");
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
             CeleryClient client = CeleryClient.connect(config(queue)
                     .resultBackend("redis://127.0.0.1:" + proxy.port() + redis.getPath()).build())) {
            AsyncResult r = client.send("tasks.add", 1, 1);
            proxy.cut();
            long start = System.nanoTime();
            assertThatThrownBy(() -> r.get(Duration.ofSeconds(3))).isInstanceOfSatisfying(BackendException.class,
                    e -> {
                        assertThat(e.isConnectionError()).isTrue();
                        assertThat(e.getMessage()).contains("redis://127.0.0.1:" + proxy.port(), "could not be reached",
                                "tasks.add[" + r.id() + "]");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(3),
                    Duration.ofSeconds(8));
        }
    }

    @Test
    void aSendWithTheBrokerDownFailsAfterThePublishRetriesNamingTheBroker() {
        String url = "amqp://guest:secret@127.0.0.1:1/lv-none";
        try (CeleryClient client = CeleryClient.connect(config("q").brokerUrl(url).build())) {
            assertThatThrownBy(() -> client.send("tasks.add", 1, 1)).isInstanceOfSatisfying(BrokerException.class,
                    e -> {
                        assertThat(e.isConnectionError()).isTrue();
                        assertThat(e.getMessage()).contains("publish tasks.add[", "amqp://guest:**@127.0.0.1:1/lv-none",
                                "unreachable after 3 retries").doesNotContain("secret");
                    });
        }
    }

    @Test
    void aSendFailsWhileTheBrokerIsCutAndWorksAgainOnceItIsBack() throws Exception {
        URI amqp = URI.create(Services.get().amqpUrl());
        String queue = LovageWorker.newQueue("client_broker_cut");
        try (TcpProxy proxy = new TcpProxy(amqp.getHost(), amqp.getPort());
             CeleryClient client = CeleryClient.connect(config(queue).brokerUrl(amqp.getScheme() + "://"
                     + amqp.getRawUserInfo() + "@127.0.0.1:" + proxy.port() + amqp.getRawPath()).build())) {
            client.send("tasks.add", 1, 1);
            proxy.cut();
            assertThatThrownBy(() -> client.send("tasks.add", 2, 2)).isInstanceOf(BrokerException.class)
                    .hasMessageContaining("127.0.0.1:" + proxy.port());
            proxy.restore();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            AsyncResult sent = null;
            while (sent == null) {
                try {
                    sent = client.send("tasks.add", 3, 3);
                } catch (BrokerException e) {
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
            assertThat(sent.id()).isNotBlank();
        }
    }
}
