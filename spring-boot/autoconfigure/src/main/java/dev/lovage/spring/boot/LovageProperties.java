package dev.lovage.spring.boot;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the {@code lovage worker} command takes as flags rather than Celery settings: {@code lovage.worker.*}.
 *
 * @param worker the worker run by the application context
 * @since 0.1
 */
@ConfigurationProperties("lovage")
public record LovageProperties(@DefaultValue Worker worker) {

    /**
     * The worker's flags.
     *
     * @param enabled Run a worker in this application (false: none, e.g. an application that only sends tasks).
     * @param queues Queues to consume (-Q); empty means celery.task-default-queue.
     * @param hostname Node name (-n); %h is the host name.
     * @param autoStartup Start the worker with the context (false: start the CeleryWorkerLifecycle bean yourself).
     * @since 0.1
     */
    public record Worker(@DefaultValue("true") boolean enabled, @DefaultValue List<String> queues,
            @DefaultValue("celery@%h") String hostname, @DefaultValue("true") boolean autoStartup) {
    }
}
