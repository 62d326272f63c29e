package dev.lovage.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryTask;
import dev.lovage.worker.TaskDef;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The starter on the Boot line this module runs on (tests-boot3 and tests-boot4 both run this source): settings,
 * task beans, the lifecycle bean and the health contributor, with no broker (the worker is not auto-started).
 */
@Timeout(60)
final class LovageAutoConfigurationTest {
    private static final String LINE = SpringBootVersion.getVersion().substring(0, 1);

    /** Every auto-configuration the starter's jars declare, both Boot lines' included, as an application finds them. */
    private static AutoConfigurations starter() {
        List<Class<?>> classes = ImportCandidates.load(AutoConfiguration.class, LovageAutoConfigurationTest.class
                .getClassLoader()).getCandidates().stream()
                .filter(name -> name.startsWith("dev.lovage."))
                .map(LovageAutoConfigurationTest::load).toList();
        return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(starter())
            .withPropertyValues("lovage.worker.auto-startup=false");

    public static class Tasks {
        @CeleryTask(name = "app.greet")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    record Pair(long x, long y) {
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        Tasks tasks() {
            return new Tasks();
        }

        @Bean
        Object proxiedTasks() {
            ProxyFactory factory = new ProxyFactory(new Tasks());
            factory.setProxyTargetClass(true);
            return factory.getProxy();
        }

        @Bean
        TaskDef<Pair, Long> add() {
            return TaskDef.of("app.add", Pair.class, Long.class, (ctx, p) -> p.x() + p.y());
        }
    }

    @Test
    void celeryPropertiesAndCelerysEnvironmentVariablesBecomeTheConfig() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("env", Map.of(
                                "CELERY_BROKER_URL", "amqp://u:p@rabbit:5673/vh",
                                "CELERY_WORKER_PREFETCH_MULTIPLIER", "7"))))
                .withPropertyValues("celery.task-acks-late=true", "celery.result-expires=PT1H",
                        "celery.worker_concurrency=3", "celery.task-routes={\"tasks.*\": \"java\"}")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CeleryConfig config = context.getBean(CeleryConfig.class);
                    assertThat(config.brokerUrl()).isEqualTo("amqp://u:p@rabbit:5673/vh");
                    assertThat(config.workerPrefetchMultiplier()).isEqualTo(7);
                    assertThat(config.workerConcurrency()).isEqualTo(3);
                    assertThat(config.taskAcksLate()).isTrue();
                    assertThat(config.resultExpires()).isEqualTo(Duration.ofHours(1));
                    assertThat(config.taskRoutes()).containsEntry("tasks.*", "java");
                });
    }

    @Test
    void aBadSettingFailsTheContextNamingIt() {
        runner.withPropertyValues("celery.worker-pool=gevent").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("worker_pool=gevent");
        });
    }

    @Test
    void propertyDefaultsAreTheCommandsDefaultsAndCoverEverySetting() {
        List<String> components = Arrays.stream(CeleryProperties.class.getRecordComponents())
                .map(RecordComponent::getName).map(CeleryProperties::celeryName).sorted().toList();
        assertThat(components).containsExactlyElementsOf(CeleryConfig.settingNames());
        runner.run(context -> {
            Map<String, String> defaults = context.getBean(CeleryProperties.class).toSettings();
            assertThat(CeleryConfig.from(defaults::get)).isEqualTo(CeleryConfig.builder().build());
        });
    }

    @Test
    void ideMetadataIsGenerated() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"name\": \"celery.broker-url\"", "\"name\": \"lovage.worker.queues\"",
                    "\"defaultValue\": \"amqp:\\/\\/guest:guest@localhost:5672\\/\\/\"");
        }
    }

    @Test
    void taskBeansDefinitionsAndProxiesAreFoundAndHealthIsDownUntilTheWorkerRuns() {
        runner.withUserConfiguration(App.class).run(context -> {
            assertThat(context).hasNotFailed();
            CeleryTaskBeans beans = context.getBean(CeleryTaskBeans.class);
            assertThat(beans.beans()).hasSize(2).anyMatch(b -> b != context.getBean("tasks"));
            CeleryWorkerLifecycle lifecycle = context.getBean(CeleryWorkerLifecycle.class);
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(lifecycle.getPhase()).isEqualTo(CeleryWorkerLifecycle.PHASE);
            Object indicator = context.getBean("lovageHealthIndicator");
            assertThat(indicator.getClass().getName())
                    .isEqualTo("dev.lovage.spring.boot" + LINE + ".actuate.LovageHealthIndicator");
            WorkerHealth health = WorkerHealth.of(lifecycle);
            assertThat(health.up()).isFalse();
            assertThat(health.details()).containsEntry("broker", "down").containsEntry("backend", "none");
            AtomicBoolean called = new AtomicBoolean();
            lifecycle.stop(() -> called.set(true));
            assertThat(called).isTrue();
        });
    }

    @Test
    void noWorkerAndNoHealthContributorWhenDisabled() {
        runner.withPropertyValues("lovage.worker.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CeleryWorkerLifecycle.class);
            assertThat(context).doesNotHaveBean("lovageHealthIndicator");
            assertThat(context).hasSingleBean(CeleryConfig.class);
        });
    }
}
