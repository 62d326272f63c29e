package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.it.support.LovageProcess;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.StartedProcess;
import dev.lovage.it.support.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker stopped as a user does it: {@code celery control shutdown} from Python ends the CLI's worker warmly, with
 * exit code 0.
 */
@Timeout(180)
final class RemoteShutdownIT {
    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestBroker.class)
    void controlShutdownStopsAWorkerCleanly(TestBroker on) throws Exception {
        String queue = LovageWorker.newQueue("ops_shutdown");
        String node = "shutdown-" + queue.substring(queue.length() - 8) + "@itest";
        try (StartedProcess p = LovageProcess.started(OperationsIT.env(on), queue, node)) {
            on.python().run(Py.prelude(queue) + "app.control.shutdown(destination=['%s'])".formatted(node));
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(p.output()).contains("Got shutdown from remote").contains("Warm shutdown");
        }
    }
}
