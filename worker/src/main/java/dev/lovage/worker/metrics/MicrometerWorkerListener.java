package dev.lovage.worker.metrics;

import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The worker's meters: {@code celery.task.received} (task, queue), {@code celery.task.runtime} (task, outcome,
 * exception), {@code celery.task.active}, {@code celery.task.eta.held}, {@code celery.task.eta.overflow},
 * {@code celery.task.unknown},
 * {@code celery.broker.reconnects}, {@code celery.backend.requests} (operation, outcome). Tag values stay few: a task is a registered
 * name or {@code unregistered}; ids are never tags. Thread-safe; bind it, then pass it to the worker builder.
 *
 * @since 0.1
 */
public final class MicrometerWorkerListener implements WorkerListener, MeterBinder {
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger etaHeld = new AtomicInteger();
    private final AtomicInteger etaOverflow = new AtomicInteger();
    private final Set<String> registered;
    private @Nullable MeterRegistry registry;

    /** @param registeredTasks the task names the worker serves; anything else is tagged {@code unregistered} */
    public MicrometerWorkerListener(Set<String> registeredTasks) {
        this.registered = Set.copyOf(registeredTasks);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("celery.task.active", active, AtomicInteger::get)
                .description("Tasks running now").baseUnit("tasks").register(registry);
        Gauge.builder("celery.task.eta.held", etaHeld, AtomicInteger::get)
                .description("Tasks held for their eta or rate limit").baseUnit("tasks").register(registry);
        Gauge.builder("celery.task.eta.overflow", etaOverflow, AtomicInteger::get)
                .description("Tasks waiting for their eta past worker_eta_task_limit, in the prefetch slots of "
                        + "ready tasks").baseUnit("tasks").register(registry);
    }

    private String task(String name) {
        return registered.contains(name) ? name : "unregistered";
    }

    @Override
    public void taskReceived(TaskRequest request) {
        if (registry != null) {
            Counter.builder("celery.task.received").description("Task messages received").baseUnit("tasks")
                    .tag("task", task(request.taskName())).tag("queue", request.deliveryInfo().routingKey())
                    .register(registry).increment();
        }
    }

    @Override
    public void etaHeld(int count) {
        etaHeld.set(count);
    }

    @Override
    public void etaOverflow(int count) {
        etaOverflow.set(count);
    }

    @Override
    public void brokerReconnected() {
        if (registry != null) {
            Counter.builder("celery.broker.reconnects").description("Broker connections re-established")
                    .baseUnit("connections").register(registry).increment();
        }
    }

    @Override
    public void backendRequest(String operation, String outcome, Duration duration) {
        if (registry != null) {
            Timer.builder("celery.backend.requests").description("Result backend calls")
                    .tag("operation", operation).tag("outcome", outcome).register(registry).record(duration);
        }
    }

    @Override
    public void taskPrerun(TaskRequest request) {
        active.incrementAndGet();
    }

    @Override
    public void taskPostrun(TaskRequest request, Duration runtime) {
        active.decrementAndGet();
    }

    @Override
    public void taskSuccess(TaskRequest request, @Nullable Object result, Duration runtime) {
        record(request, "success", "none", runtime);
    }

    @Override
    public void taskFailure(TaskRequest request, Throwable error, Duration runtime) {
        record(request, "failure", error.getClass().getSimpleName(), runtime);
    }

    @Override
    public void taskRetry(TaskRequest request, Throwable reason) {
        record(request, "retry", "none", Duration.ZERO);
    }

    @Override
    public void taskRejected(TaskRequest request, boolean requeue) {
        record(request, "rejected", "none", Duration.ZERO);
    }

    @Override
    public void taskUnknown(String taskName, String taskId) {
        if (registry != null) {
            Counter.builder("celery.task.unknown").description("Messages naming a task this worker lacks")
                    .baseUnit("messages").register(registry).increment();
        }
    }

    private void record(TaskRequest request, String outcome, String exception, Duration runtime) {
        if (registry != null) {
            Timer.builder("celery.task.runtime").description("Time tasks ran, by outcome")
                    .tag("task", task(request.taskName())).tag("outcome", outcome).tag("exception", exception)
                    .register(registry).record(runtime);
        }
    }
}
