package dev.lovage.worker;

import static dev.lovage.worker.testing.TaskMessages.aTaskMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An in-process errback gets the arguments stored in its signature, after (request, exc, traceback). */
@Timeout(10)
final class ErrbackArgumentsTest extends WorkerTestSupport {
    @Test
    void storedArgumentsReachTheErrback() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        worker = CeleryWorker.builder(CeleryConfig.builder().build())
                .broker(broker).resultBackend(backend)
                .task("tasks.fail", (ctx, args) -> {
                    throw new IllegalArgumentException("boom");
                })
                .errback("tasks.on_error", new ErrbackHandler() {
                    @Override
                    public void onError(String id, @Nullable TaskRequest request, ExceptionInfo error,
                            @Nullable String traceback) {
                        calls.add("without arguments");
                    }

                    @Override
                    public void onError(String id, @Nullable TaskRequest request, ExceptionInfo error,
                            @Nullable String traceback, List<@Nullable Object> args,
                            Map<String, @Nullable Object> kwargs) {
                        calls.add(id + " " + args + " " + kwargs);
                    }
                })
                .build();
        worker.start();
        var message = aTaskMessage().withTask("tasks.fail")
                .withEmbed("errbacks", List.of(Signature.of("tasks.on_error", "label").toDict()));
        broker.deliver(message);
        long end = System.nanoTime() + WAIT.toNanos();
        while (calls.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(calls).containsExactly(message.id() + " [label] {}");
    }
}
