package dev.lovage.spring.boot3.actuate;

import dev.lovage.spring.boot.CeleryWorkerLifecycle;
import dev.lovage.spring.boot.WorkerHealth;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The worker's health on Spring Boot 3.x ({@code /actuator/health/lovage}): up while it runs connected to the
 * broker and the result backend answers. Thread-safe.
 *
 * @since 0.1
 */
public final class LovageHealthIndicator extends AbstractHealthIndicator {
    private final CeleryWorkerLifecycle lifecycle;

    public LovageHealthIndicator(CeleryWorkerLifecycle lifecycle) {
        super("Celery worker health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        WorkerHealth health = WorkerHealth.of(lifecycle);
        (health.up() ? builder.up() : builder.down()).withDetails(health.details());
    }
}
