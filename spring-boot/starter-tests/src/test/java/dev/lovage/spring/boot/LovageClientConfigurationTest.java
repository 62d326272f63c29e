package dev.lovage.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lovage.client.AsyncResult;
import dev.lovage.client.CeleryClient;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.testing.InMemoryResultBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link CeleryClient} bean: there when lovage-client is on the classpath, reading the context's backend. */
@Timeout(60)
final class LovageClientConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LovageAutoConfiguration.class, LovageClientConfiguration.class))
            .withPropertyValues("lovage.worker.enabled=false");

    @Configuration(proxyBeanMethods = false)
    static class Backend {
        @Bean
        ResultBackend backend() {
            return new InMemoryResultBackend();
        }
    }

    @Test
    void aClientBeanReadsResultsThroughTheContextsBackend() {
        runner.withUserConfiguration(Backend.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CeleryClient.class);
            CeleryClient client = context.getBean(CeleryClient.class);
            context.getBean(ResultBackend.class).store(new ResultMeta("t-1", TaskState.SUCCESS, 5, null, List.of(),
                    Instant.parse("2026-12-01T00:00:00Z"), null, null, null));
            AsyncResult result = client.asyncResult("t-1");
            assertThat(result.get(Duration.ofSeconds(5))).isEqualTo(5);
            assertThat(client.describeBroker()).contains("localhost:5672");
        });
    }

    @Test
    void theClientUsesTheCelerySettings() {
        runner.withPropertyValues("celery.broker-url=amqp://u:secret@rabbit:5673/vh").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CeleryConfig.class).brokerUrl()).isEqualTo("amqp://u:secret@rabbit:5673/vh");
            assertThat(context.getBean(CeleryClient.class).describeBroker()).contains("rabbit:5673")
                    .doesNotContain("secret");
        });
    }

    @Test
    void noClientWithoutTheClientModule() {
        runner.withClassLoader(new FilteredClassLoader(CeleryClient.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(CeleryClient.class).hasSingleBean(CeleryConfig.class);
        });
    }

    @Test
    void theApplicationsOwnClientWins() {
        runner.withBean("mine", CeleryClient.class, () -> CeleryClient.builder(CeleryConfig.builder().build())
                .resultBackend(null).build()).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CeleryClient.class);
                    assertThat(context.getBeanNamesForType(CeleryClient.class)).containsExactly("mine");
                });
    }
}
