package dev.lovage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lovage.worker.internal.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

final class CeleryConfigTest {

    @Test
    void defaultsAreCeleryDefaults() {
        CeleryConfig c = CeleryConfig.builder().workerConcurrency(2).build();
        assertThat(c.brokerUrl()).isEqualTo("amqp://guest:guest@localhost:5672//");
        assertThat(c.resultBackend()).isNull();
        assertThat(c.workerPrefetchMultiplier()).isEqualTo(4);
        assertThat(c.prefetchCount()).isEqualTo(8);
        assertThat(c.taskAcksLate()).isFalse();
        assertThat(c.taskAcksOnFailureOrTimeout()).isTrue();
        assertThat(c.taskDefaultQueue()).isEqualTo("celery");
        assertThat(c.resultExpires()).isEqualTo(Duration.ofDays(1));
        assertThat(c.acceptContent()).containsExactly("json");
        assertThat(c.workerPool()).isEqualTo(WorkerPool.VIRTUAL);
    }

    @Test
    void readsCeleryEnvironmentVariables() {
        CeleryConfig c = ConfigLoader.fromEnvironment(Map.of(
                "CELERY_BROKER_URL", "amqp://u:secret@rabbit:5672/vh",
                "CELERY_RESULT_BACKEND", "redis://:pw@redis:6379/2",
                "CELERY_WORKER_CONCURRENCY", "16",
                "CELERY_TASK_ACKS_LATE", "yes",
                "CELERY_RESULT_EXPIRES", "3600",
                "CELERY_ACCEPT_CONTENT", "json,msgpack",
                "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS", "{\"master_name\": \"m\"}",
                "PATH", "/usr/bin")).build();
        assertThat(c.brokerUrl()).isEqualTo("amqp://u:secret@rabbit:5672/vh");
        assertThat(c.resultBackend()).isEqualTo("redis://:pw@redis:6379/2");
        assertThat(c.workerConcurrency()).isEqualTo(16);
        assertThat(c.taskAcksLate()).isTrue();
        assertThat(c.resultExpires()).isEqualTo(Duration.ofHours(1));
        assertThat(c.acceptContent()).containsExactly("json", "msgpack");
        assertThat(c.resultBackendTransportOptions()).containsEntry("master_name", "m");
    }

    @Test
    void readsARedisBrokerWithItsTransportOptions() {
        CeleryConfig c = ConfigLoader.fromEnvironment(Map.of(
                "CELERY_BROKER_URL", "redis://:pw@redis:6379/1",
                "CELERY_BROKER_TRANSPORT_OPTIONS", "{\"visibility_timeout\": 10, \"priority_steps\": [0, 5], "
                        + "\"global_keyprefix\": \"gp:\", \"fanout_patterns\": true}")).build();
        assertThat(c.brokerUrl()).isEqualTo("redis://:pw@redis:6379/1");
        assertThat(c.brokerTransportOptions()).containsEntry("visibility_timeout", "10")
                .containsEntry("priority_steps", "[0, 5]").containsEntry("global_keyprefix", "gp:")
                .containsEntry("fanout_patterns", "true");
        for (String url : List.of("rediss://h:6380/0", "sentinel://s1:26379;sentinel://s2:26379",
                "redis+socket:///run/redis.sock")) {
            assertThat(CeleryConfig.builder().brokerUrl(url).build().brokerUrl()).isEqualTo(url);
        }
        assertThatThrownBy(() -> ConfigLoader.fromEnvironment(Map.of("CELERY_BROKER_TRANSPORT_OPTIONS", "[1]"))
                .build()).isInstanceOf(ConfigException.class).hasMessageContaining("broker_transport_options");
    }

    @Test
    void listsEveryBadSettingWithKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> ConfigLoader.fromEnvironment(Map.of(
                "CELERY_WORKER_CONCURRENCY", "lots",
                "CELERY_TASK_ACKS_LATE", "maybe",
                "CELERY_BROKER_URL", "http://u:hunter2@x/",
                "CELERY_WORKER_PREFETCH_MULTIPLER", "4")).build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<String> p = ((ConfigException) e).problems();
                    assertThat(p).hasSize(4);
                    assertThat(p).anyMatch(s -> s.startsWith("worker_concurrency=lots: expected a whole number"));
                    assertThat(p).anyMatch(s -> s.startsWith("task_acks_late=maybe: expected a boolean"));
                    assertThat(p).anyMatch(s -> s.startsWith("broker_url=http://u:**@x/: expected a URL with scheme"));
                    assertThat(p).anyMatch(s -> s.startsWith("CELERY_WORKER_PREFETCH_MULTIPLER (environment variable): unknown setting"));
                })
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesPickleAndZeroConcurrency() {
        assertThatThrownBy(() -> CeleryConfig.builder().acceptContent(List.of("pickle")).workerConcurrency(0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pickle is never accepted")
                .hasMessageContaining("worker_concurrency=0");
    }

    @Test
    void durationsTakeFloatSecondsOrIso() {
        assertThat(CeleryConfig.from(Map.of("result_expires", "0.5")::get).resultExpires())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(CeleryConfig.from(Map.of("result_expires", "PT2H")::get).resultExpires())
                .isEqualTo(Duration.ofHours(2));
        assertThat(CeleryConfig.from(Map.of("result_expires", "0")::get).resultExpires()).isNull();
        assertThat(CeleryConfig.from(Map.of("result_expires", "None")::get).resultExpires()).isNull();
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() {
        Properties file = new Properties();
        file.setProperty("worker_concurrency", "3");
        file.setProperty("task_default_queue", "fromfile");
        file.setProperty("result_extended", "true");
        CeleryConfig c = ConfigLoader.layered(file,
                Map.of("CELERY_WORKER_CONCURRENCY", "5", "CELERY_TASK_DEFAULT_QUEUE", "fromenv"),
                Map.of("worker_concurrency", "7")).build();
        assertThat(c.workerConcurrency()).isEqualTo(7);
        assertThat(c.taskDefaultQueue()).isEqualTo("fromenv");
        assertThat(c.resultExtended()).isTrue();
    }

    @Test
    void toBuilderRoundTripsEveryValue() {
        CeleryConfig c = CeleryConfig.builder().brokerUrl("amqps://a:b@h:5671/v").resultBackend("rediss://h:6380/1")
                .resultBackendTransportOptions(Map.of("master_name", "x"))
                .brokerTransportOptions(Map.of("visibility_timeout", "10")).workerConcurrency(9)
                .workerPrefetchMultiplier(1).workerPool(WorkerPool.THREADS).taskAcksLate(true)
                .taskAcksOnFailureOrTimeout(false).taskRejectOnWorkerLost(true).taskDefaultQueue("q")
                .taskTrackStarted(true).taskIgnoreResult(true).taskStoreErrorsEvenIfIgnored(true)
                .taskTimeLimit(Duration.ofSeconds(30)).taskSoftTimeLimit(Duration.ofSeconds(20))
                .resultExpires(null).resultExtended(true).acceptContent(List.of("json", "yaml"))
                .brokerConnectionRetryOnStartup(false).brokerConnectionMaxRetries(null)
                .brokerConnectionTimeout(Duration.ofSeconds(9)).brokerHeartbeat(Duration.ofSeconds(30))
                .workerSendTaskEvents(true).workerShutdownTimeout(Duration.ofSeconds(5)).workerMaxBodySize(2048)
                .build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void toStringMasksPasswords() {
        CeleryConfig c = CeleryConfig.builder().brokerUrl("amqp://user:s3cret@h//")
                .resultBackend("redis://:t0ps3cret@h:6379/0").build();
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("t0ps3cret")
                .contains("amqp://user:**@h//");
    }
}
