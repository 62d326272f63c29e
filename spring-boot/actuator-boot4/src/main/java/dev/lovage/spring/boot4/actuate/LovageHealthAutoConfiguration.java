package dev.lovage.spring.boot4.actuate;

import dev.lovage.spring.boot.CeleryWorkerLifecycle;
import dev.lovage.spring.boot.LovageAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link LovageHealthIndicator} on Spring Boot 4.x (off with {@code management.health.lovage.enabled=false}).
 * The condition names the class by string, so that under the other Boot line this class is never loaded.
 *
 * @since 0.1
 */
@AutoConfiguration(after = LovageAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
@ConditionalOnBean(CeleryWorkerLifecycle.class)
@ConditionalOnEnabledHealthIndicator("lovage")
public class LovageHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "lovageHealthIndicator")
    public LovageHealthIndicator lovageHealthIndicator(CeleryWorkerLifecycle lifecycle) {
        return new LovageHealthIndicator(lifecycle);
    }
}
