package dev.lovage.spring.boot;

import dev.lovage.cleanup.ChordCleanupSettings;
import dev.lovage.backend.redis.RedisResultBackend;
import dev.lovage.cleanup.ChordCleanup;
import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.CeleryWorker;
import dev.lovage.worker.CeleryWorkerBuilder;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskApp;
import dev.lovage.worker.TaskDef;
import dev.lovage.worker.WorkerListener;
import dev.lovage.worker.metrics.MicrometerWorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the worker in the application context's lifecycle: built and started once every bean exists (so every task
 * bean is known), stopped with Celery's warm shutdown when the context closes: consuming stops, running tasks
 * finish (up to {@code celery.worker-shutdown-timeout}), acknowledgements are flushed, then the connection closes.
 * The stop runs on its own thread, so other lifecycle beans stop meanwhile; give
 * {@code spring.lifecycle.timeout-per-shutdown-phase} at least the worker's shutdown timeout. Thread-safe.
 *
 * @since 0.1
 */
public final class CeleryWorkerLifecycle implements SmartLifecycle {
    /** Started after the web server, stopped before it (Boot's web server lifecycles sit below this phase). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
    private static final Logger log = LoggerFactory.getLogger(CeleryWorkerLifecycle.class);

    private final CeleryConfig config;
    private final LovageProperties.Worker settings;
    private final @Nullable ResultBackend backend;
    private final CeleryTaskBeans taskBeans;
    private final ObjectProvider<TaskApp> apps;
    private final ObjectProvider<TaskDef<?, ?>> definitions;
    private final ObjectProvider<WorkerListener> listeners;
    private final ObjectProvider<MeterRegistry> registries;
    private volatile @Nullable CeleryWorker worker;
    private volatile @Nullable ChordCleanup cleanup;

    CeleryWorkerLifecycle(CeleryConfig config, LovageProperties.Worker settings, @Nullable ResultBackend backend,
            CeleryTaskBeans taskBeans, ObjectProvider<TaskApp> apps, ObjectProvider<TaskDef<?, ?>> definitions,
            ObjectProvider<WorkerListener> listeners, ObjectProvider<MeterRegistry> registries) {
        this.config = config;
        this.settings = settings;
        this.backend = backend;
        this.taskBeans = taskBeans;
        this.apps = apps;
        this.definitions = definitions;
        this.listeners = listeners;
        this.registries = registries;
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        CeleryWorkerBuilder builder = CeleryWorker.builder(config).resultBackend(backend)
                .hostname(settings.hostname()).queues(settings.queues());
        for (Object bean : taskBeans.beans()) {
            if (AopUtils.isJdkDynamicProxy(bean)) {
                throw new IllegalStateException("A bean with @CeleryTask methods is an interface-based (JDK) proxy, "
                        + "whose class carries no annotations: use class-based proxies (the Boot default, "
                        + "spring.aop.proxy-target-class=true) for " + AopUtils.getTargetClass(bean).getName());
            }
            builder.tasks(bean);
        }
        apps.orderedStream().forEach(builder::app);
        definitions.orderedStream().forEach(builder::task);
        listeners.orderedStream().forEach(builder::listener);
        MeterRegistry registry = registries.getIfAvailable();
        if (registry != null) {
            MicrometerWorkerListener meters = new MicrometerWorkerListener(builder.registeredNames());
            meters.bindTo(registry);
            builder.listener(meters);
        }
        ChordCleanup chordCleanup = null;
        ChordCleanupSettings cleanupSettings = ChordCleanupSettings.from(config);
        if (backend instanceof RedisResultBackend redis && cleanupSettings.enabled()) {
            chordCleanup = new ChordCleanup(redis, redis.cleanupStore(), cleanupSettings);
            builder.listener(chordCleanup).receiveTaskEvents(true);
            if (registry != null) {
                chordCleanup.bindTo(registry);
            }
        }
        CeleryWorker built = builder.build();
        log.info("Starting Celery worker {} on {} with tasks {}", built.hostname(), built.queues(),
                built.registeredTasks().stream().filter(n -> !n.startsWith("celery.")).toList());
        built.start();
        if (chordCleanup != null) {
            chordCleanup.start();
        }
        this.cleanup = chordCleanup;
        this.worker = built;
    }

    @Override
    public void stop() {
        CeleryWorker running = worker;
        if (running != null) {
            running.shutdown();
            closeCleanup();
        }
    }

    @Override
    public void stop(Runnable callback) {
        CeleryWorker running = worker;
        if (running == null) {
            callback.run();
            return;
        }
        Thread.ofPlatform().name("lovage-shutdown").start(() -> {
            try {
                running.shutdown();
                closeCleanup();
            } finally {
                callback.run();
            }
        });
    }

    private void closeCleanup() {
        ChordCleanup c = cleanup;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean isRunning() {
        CeleryWorker running = worker;
        return running != null && running.state() == CeleryWorker.State.RUNNING;
    }

    @Override
    public boolean isAutoStartup() {
        return settings.autoStartup();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The worker once started, else null. */
    public @Nullable CeleryWorker worker() {
        return worker;
    }

    /** The result backend the worker stores to, or null. */
    public @Nullable ResultBackend backend() {
        return backend;
    }

    /** The tasks this application serves, without Celery's built-ins. */
    public List<String> tasks() {
        CeleryWorker running = worker;
        return running == null ? List.of()
                : running.registeredTasks().stream().filter(n -> !n.startsWith("celery.")).toList();
    }
}
