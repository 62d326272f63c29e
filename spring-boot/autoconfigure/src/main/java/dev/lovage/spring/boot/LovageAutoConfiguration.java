package dev.lovage.spring.boot;

import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskApp;
import dev.lovage.worker.TaskDef;
import dev.lovage.worker.WorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Lovage in a Spring Boot application: a {@link CeleryConfig} from {@code celery.*} properties, the Redis result
 * backend when {@code celery.result-backend} is set, and a worker ({@link CeleryWorkerLifecycle}) serving the
 * {@code @CeleryTask} methods of the context's beans, its {@link TaskDef} and {@link TaskApp} beans, with its
 * {@link WorkerListener} beans and meters in the application's {@link MeterRegistry}. Each bean backs off when the
 * application defines its own.
 *
 * @since 0.1
 */
@AutoConfiguration
@ConditionalOnClass(CeleryWorker.class)
@EnableConfigurationProperties({CeleryProperties.class, LovageProperties.class})
public class LovageAutoConfiguration {

    /** Finds task beans as they are created; static so that it exists before any of them. */
    @Bean
    static CeleryTaskBeans lovageCeleryTaskBeans() {
        return new CeleryTaskBeans();
    }

    /** The settings, checked by the worker's reader: a bad value fails the context naming the property. */
    @Bean
    @ConditionalOnMissingBean
    public CeleryConfig lovageCeleryConfig(CeleryProperties properties) {
        return CeleryConfig.from(properties.toSettings()::get);
    }

    /** The Redis result backend; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ResultBackend.class)
    @ConditionalOnProperty(prefix = "celery", name = "result-backend")
    public RedisResultBackend lovageResultBackend(CeleryConfig config) {
        return RedisResultBackend.connect(config);
    }

    /** The worker, in the context's lifecycle. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "lovage.worker", name = "enabled", matchIfMissing = true)
    public CeleryWorkerLifecycle lovageWorker(CeleryConfig config, LovageProperties properties,
            ObjectProvider<ResultBackend> backend, CeleryTaskBeans taskBeans, ObjectProvider<TaskApp> apps,
            ObjectProvider<TaskDef<?, ?>> definitions, ObjectProvider<WorkerListener> listeners,
            ObjectProvider<MeterRegistry> registries) {
        return new CeleryWorkerLifecycle(config, properties.worker(), backend.getIfAvailable(), taskBeans, apps,
                definitions, listeners, registries);
    }
}
