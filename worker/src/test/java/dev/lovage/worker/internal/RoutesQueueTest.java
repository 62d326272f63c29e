package dev.lovage.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class RoutesQueueTest {
    @Test
    void aTasksOwnQueueWinsOverTaskRoutesAsInCelerysRouter() {
        Routes routes = new Routes(Map.of("tasks.*", "routed"), "celery",
                name -> name.equals("tasks.java") ? "java" : null);
        assertThat(routes.queueFor("tasks.java")).isEqualTo("java");
        assertThat(routes.queueFor("tasks.other")).isEqualTo("routed");
        assertThat(routes.queueFor("misc")).isEqualTo("celery");
    }
}
