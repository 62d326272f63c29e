package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.PyJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A remote revoke stores REVOKED before it replies, except for a task another worker started (Celery 5.7). */
@Timeout(10)
final class RevokeStateTest extends WorkerTestSupport {
    @Test
    void aTaskCarryingARevokedStampIsDiscardedAsRevoked() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).resultBackend(backend)
                .hostname("unit@host").mingle(false).task("tasks.add", (ctx, args) -> 2).build();
        worker.start();
        broker.control(control("revoke_by_stamped_headers", Map.of("headers", Map.of("monitoring_id", List.of(1234)),
                "terminate", false)));
        assertThat(awaitReply())
                .contains("headers {'monitoring_id': [1234]} flagged as revoked, but not terminated");
        var stamped = aTaskMessage().withTask("tasks.add").withHeader("stamped_headers", List.of("monitoring_id"))
                .withHeader("stamps", Map.of("monitoring_id", 1234));
        var other = aTaskMessage().withTask("tasks.add").withHeader("stamped_headers", List.of("monitoring_id"))
                .withHeader("stamps", Map.of("monitoring_id", 99));
        broker.deliver(stamped);
        broker.deliver(other);
        assertThat(awaitResult(stamped.id()).status()).isEqualTo(TaskState.REVOKED);
        assertThat(awaitResult(other.id()).status()).isEqualTo(TaskState.SUCCESS);
    }

    private static byte[] control(String method, Map<String, Object> arguments) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("arguments", arguments);
        request.put("destination", null);
        request.put("ticket", "ticket-" + method);
        request.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", "client-1"));
        return PyJson.write(request).getBytes(StandardCharsets.UTF_8);
    }

    private String awaitReply() throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (var m : broker.transients()) {
                if (m.routingKey().equals("client-1")) {
                    return new String(m.body(), StandardCharsets.UTF_8);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no reply");
    }

    @Test
    void revokeLeavesATaskStartedElsewhereAndRevokesTheRestBeforeReplying() throws Exception {
        worker = CeleryWorker.builder(CeleryConfig.builder().build()).broker(broker).resultBackend(backend)
                .hostname("unit@host").mingle(false).build();
        worker.start();
        backend.store(new ResultMeta("started", TaskState.STARTED, Map.of("hostname", "other@host"), null,
                List.of(), null, null, null, null));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "revoke");
        request.put("arguments", Map.of("task_id", List.of("started", "fresh")));
        request.put("destination", null);
        request.put("ticket", "ticket-1");
        request.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", "client-1"));
        broker.control(PyJson.write(request).getBytes(StandardCharsets.UTF_8));
        long end = System.nanoTime() + WAIT.toNanos();
        while (broker.transients().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(broker.transients()).isNotEmpty();
        assertThat(backend.get("started").status()).isEqualTo(TaskState.STARTED);
        assertThat(backend.get("fresh").status()).isEqualTo(TaskState.REVOKED);
    }
}
