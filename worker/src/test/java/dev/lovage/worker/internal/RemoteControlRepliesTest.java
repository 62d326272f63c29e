package dev.lovage.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.worker.CeleryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code inspect conf} and {@code inspect report} replies shaped as a Celery worker's. */
@Timeout(10)
final class RemoteControlRepliesTest {
    private final CeleryConfig config = CeleryConfig.builder().resultBackend("redis://:secret@localhost:6379/0")
            .build();

    @Test
    void confHasTheKeysEveryCeleryWorkerReports() {
        assertThat(RemoteControl.conf(config)).containsKeys("worker_hijack_root_logger", "worker_log_color",
                "accept_content", "enable_utc", "timezone", "broker_url", "result_backend", "broker_heartbeat",
                "deprecated_settings", "include");
    }

    @Test
    void reportFollowsBugreportsLayoutAndMasksPasswords() {
        String report = RemoteControl.report(config);
        assertThat(report).startsWith("software -> celery:").contains("\nplatform -> system:")
                .contains("\nsettings -> transport:amqp results:redis://");
        assertThat(report).doesNotContain("secret");
    }
}
