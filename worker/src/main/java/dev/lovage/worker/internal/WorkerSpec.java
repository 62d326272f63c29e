package dev.lovage.worker.internal;

import dev.lovage.worker.CeleryConfig;
import dev.lovage.worker.ErrbackHandler;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.WorkerListener;
import dev.lovage.worker.broker.Broker;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a worker is built from: everything its builder collected. {@code mingle} and {@code heartbeat} are false for
 * {@code --without-mingle} and {@code --without-heartbeat}.
 */
public record WorkerSpec(CeleryConfig config, String hostname, List<String> queues, TaskRegistry registry,
        List<WorkerListener> listeners, Map<String, ErrbackHandler> errbacks, @Nullable ResultBackend backend,
        Broker broker, InstantSource clock, boolean receiveTaskEvents, boolean mingle, boolean heartbeat) {
}
