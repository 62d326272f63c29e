package dev.lovage.spring.boot3.actuate;

import dev.lovage.spring.boot.CeleryWorkerLifecycle;
import dev.lovage.spring.boot.LovageAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link LovageHealthIndicator} on Spring Boot 3.x (off with {@code management.health.lovage.enabled=false}).
 * The condition names the class by string, so that under the other Boot line this class is never loaded.
 *
 * @since 0.1
 */
@AutoConfiguration(after = LovageAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
@ConditionalOnBean(CeleryWorkerLifecycle.class)
@ConditionalOnEnabledHealthIndicator("lovage")
public class LovageHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "lovageHealthIndicator")
    public LovageHealthIndicator lovageHealthIndicator(CeleryWorkerLifecycle lifecycle) {
        return new LovageHealthIndicator(lifecycle);
    }
}
