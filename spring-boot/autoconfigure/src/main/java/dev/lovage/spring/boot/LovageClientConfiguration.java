package dev.lovage.spring.boot;

import dev.lovage.client.CeleryClient;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ResultBackend;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A {@link CeleryClient} bean when {@code lovage-client} is on the classpath: the application sends tasks and
 * canvases with the same {@code celery.*} settings as its worker. The client reads results through the context's
 * {@link ResultBackend} when there is one (borrowed: the context closes it), connects to the broker on its first
 * send, and is closed with the context.
 *
 * @since 0.2
 */
@AutoConfiguration(after = LovageAutoConfiguration.class)
@ConditionalOnClass(CeleryClient.class)
public class LovageClientConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CeleryClient lovageCeleryClient(CeleryConfig config, ObjectProvider<ResultBackend> backend) {
        return CeleryClient.builder(config).resultBackend(backend.getIfAvailable()).build();
    }
}
