package dev.lovage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class TaskRoutesQueueTest {
    @Test
    void aTasksOwnQueueWinsOverTaskRoutesAsInCelerysRouter() {
        TaskRoutes routes = TaskRoutes.of(Map.of("tasks.*", "routed"), "celery")
                .withTaskQueues(name -> name.equals("tasks.java") ? "java" : null);
        assertThat(routes.queueFor("tasks.java")).isEqualTo("java");
        assertThat(routes.queueFor("tasks.other")).isEqualTo("routed");
        assertThat(routes.queueFor("misc")).isEqualTo("celery");
    }
}
