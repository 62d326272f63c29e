package dev.lovage.cleanup;

import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import dev.lovage.cleanup.ChordCleanupStore.Pending;
import dev.lovage.cleanup.internal.HeaderRecorder;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.WorkerListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets a chord's header results once its callback has stored SUCCESS. Header ids are recorded as header tasks
 * end on this worker, all at once when this worker joins the chord, and by Python workers through
 * {@code lovage_cleanup.py}; the records live in the result backend, so a restart loses none. A sweep every half
 * second checks the recorded chords against their callback's result, so callbacks that ran anywhere (a Python
 * worker, another Lovage worker) are seen too; a callback that succeeds on this worker is handled at once. Nothing
 * here runs on a task thread: the callback's result, ack and downstream steps do not wait for it.
 *
 * <p>Register it as a listener and {@link #start()} it; {@link #close()} stops it. Thread-safe.
 *
 * @since 0.1
 */
public final class ChordCleanup implements WorkerListener, MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChordCleanup.class);
    /** How often recorded chords are checked when no event says a callback succeeded. */
    public static final Duration DEFAULT_SWEEP = Duration.ofMillis(500);
    private static final int BATCH = 200;

    private final Duration sweepEvery;
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final AtomicBoolean lateSweepQueued = new AtomicBoolean();
    private static final Duration FOLLOW_UP = Duration.ofMillis(250);
    private static final Duration FOLLOW_FOR = Duration.ofSeconds(2);
    private volatile long followUntil;
    private final ChordCleanupStore store;
    private final ResultBackend results;
    private final ChordCleanupSettings settings;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("celery-cleanup").daemon(true).factory());
    private final HeaderRecorder recorder;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<String, Instant> retryAt = new ConcurrentHashMap<>();
    private final AtomicLong forgotten = new AtomicLong();
    private final AtomicLong pendingSeen = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile @Nullable Timer lag;

    /**
     * @param results the result backend the callbacks' results are read from
     * @param store where the cleanup records are kept (the Redis backend's {@code cleanupStore()})
     */
    public ChordCleanup(ResultBackend results, ChordCleanupStore store, ChordCleanupSettings settings) {
        this(results, store, settings, DEFAULT_SWEEP);
    }

    /** As above, sweeping every {@code sweepEvery} when no event triggers a sweep sooner. */
    public ChordCleanup(ResultBackend results, ChordCleanupStore store, ChordCleanupSettings settings,
            Duration sweepEvery) {
        this.sweepEvery = sweepEvery;
        this.store = store;
        this.recorder = new HeaderRecorder(store);
        this.results = results;
        this.settings = settings;
    }

    /**
     * Meters: {@code celery.chord.cleanup.forgotten} (keys deleted), {@code celery.chord.cleanup.pending} (records
     * seen by the last sweep), {@code celery.chord.cleanup.lag} (callback done to deletion),
     * {@code celery.chord.cleanup.failures}, {@code celery.chord.cleanup.dead_letters}.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("celery.chord.cleanup.forgotten", forgotten, AtomicLong::get)
                .description("Keys deleted after chord callbacks succeeded").baseUnit("keys").register(registry);
        Gauge.builder("celery.chord.cleanup.pending", pendingSeen, AtomicLong::get)
                .description("Chords awaiting their callback, as of the last sweep").baseUnit("chords")
                .register(registry);
        FunctionCounter.builder("celery.chord.cleanup.failures", failures, AtomicLong::get)
                .description("Failed cleanup attempts").baseUnit("attempts").register(registry);
        FunctionCounter.builder("celery.chord.cleanup.dead_letters", deadLetters, AtomicLong::get)
                .description("Cleanups moved to the dead-letter list").baseUnit("chords").register(registry);
        lag = Timer.builder("celery.chord.cleanup.lag").description("From the callback's success to deletion")
                .register(registry);
    }

    public void start() {
        sweeper.scheduleWithFixedDelay(this::sweepSafely, sweepEvery.toMillis(), sweepEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void chordPart(String groupId, String callbackId, String taskId) {
        recorder.record(groupId, callbackId, List.of(taskId));
    }

    @Override
    public void chordJoined(String groupId, String callbackId, List<String> headerIds) {
        recorder.record(groupId, callbackId, headerIds);
    }

    @Override
    public void taskSuccess(TaskRequest request, @Nullable Object result, Duration runtime) {
        // A chord callback that ran here: sweep now rather than at the next tick.
        if (request.message().headers().group() != null && request.message().body().embed().chord() == null) {
            sweepSoon();
        }
    }

    /**
     * A task succeeded elsewhere (a Python worker's task-succeeded event): it may be a chord callback. Besides a
     * sweep now, sweeps follow every {@link #FOLLOW_UP} for {@link #FOLLOW_FOR} after the latest such event: the
     * event can overtake the stored result, and a Python worker keeps task events in a buffer it flushes when its
     * event loop next wakes, so the event of the last callback of a burst can come late or not before it idles.
     */
    @Override
    public void remoteTaskSucceeded(String taskId) {
        sweepSoon();
        followUntil = System.nanoTime() + FOLLOW_FOR.toNanos();
        if (lateSweepQueued.compareAndSet(false, true)) {
            scheduleFollowUp();
        }
    }

    private void scheduleFollowUp() {
        try {
            sweeper.schedule(() -> {
                sweepSafely();
                if (System.nanoTime() - followUntil < 0) {
                    scheduleFollowUp();
                } else {
                    lateSweepQueued.set(false);
                    // An event that arrived just now found the flag still set: carry on for it.
                    if (System.nanoTime() - followUntil < 0 && lateSweepQueued.compareAndSet(false, true)) {
                        scheduleFollowUp();
                    }
                }
            }, FOLLOW_UP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            lateSweepQueued.set(false);
        }
    }

    private void sweepSoon() {
        // One sweep queued at a time, however many events arrive.
        if (sweepQueued.compareAndSet(false, true)) {
            sweeper.execute(() -> {
                sweepQueued.set(false);
                sweepSafely();
            });
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Chord cleanup sweep failed: {}", e.getMessage());
        }
    }

    /** One pass over the recorded chords whose grace delay has passed. */
    void sweep() {
        Instant now = Instant.now();
        List<Pending> pending = store.pending(now.minus(settings.delay()), BATCH);
        pendingSeen.set(pending.size());
        List<Pending> due = new ArrayList<>();
        for (Pending p : pending) {
            Instant next = retryAt.get(p.groupId() + "|" + p.callbackId());
            if (next == null || !now.isBefore(next)) {
                due.add(p);
            }
        }
        // Every callback's state in one read; should that fail, each chord reads its own and fails on its own.
        List<@Nullable ResultMeta> callbacks;
        try {
            callbacks = results.getAll(due.stream().map(Pending::callbackId).toList());
        } catch (RuntimeException e) {
            callbacks = null;
        }
        for (int i = 0; i < due.size(); i++) {
            Pending p = due.get(i);
            String key = p.groupId() + "|" + p.callbackId();
            try {
                clean(p, now, callbacks == null ? results.get(p.callbackId()) : callbacks.get(i));
                attempts.remove(key);
                retryAt.remove(key);
            } catch (RuntimeException e) {
                failed(p, key, e, now);
            }
        }
    }

    private void clean(Pending p, Instant now, @Nullable ResultMeta callback) {
        Duration expiry = store.recordExpiry();
        if (callback == null || !callback.status().isReady()) {
            if (expiry != null && p.since().plus(expiry).isBefore(now)) {
                store.dropRecord(p.groupId(), p.callbackId());
            }
            return;
        }
        if (callback.status() != TaskState.SUCCESS && !settings.failed()) {
            log.info("Chord {} callback {} ended {}: header results kept", p.groupId(), p.callbackId(),
                    callback.status());
            store.dropRecord(p.groupId(), p.callbackId());
            return;
        }
        if (settings.dryRun()) {
            Set<String> headers = store.headers(p.groupId());
            log.info("Chord {} (dry run): would forget {} header results {}", p.groupId(), headers.size(), headers);
            store.dropRecord(p.groupId(), p.callbackId());
            return;
        }
        long deleted = store.forgetChord(p.groupId(), p.callbackId());
        forgotten.addAndGet(deleted);
        Timer t = lag;
        if (t != null && callback.dateDone() != null) {
            t.record(Duration.between(callback.dateDone(), Instant.now()));
        }
        log.debug("Chord {}: forgot {} keys", p.groupId(), deleted);
    }

    private void failed(Pending p, String key, RuntimeException e, Instant now) {
        int n = attempts.merge(key, 1, Integer::sum);
        failures.incrementAndGet();
        if (n == 1) {
            // Logged once per record, not once per key or per attempt.
            log.warn("Chord {} cleanup failed, will retry: {}", p.groupId(), e.getMessage());
        }
        if (n >= settings.maxAttempts()) {
            try {
                store.deadLetter(p, e.toString());
                deadLetters.incrementAndGet();
                log.error("Chord {} cleanup failed {} times; moved to the dead-letter list: {}", p.groupId(), n,
                        e.getMessage());
                attempts.remove(key);
                retryAt.remove(key);
            } catch (RuntimeException again) {
                retryAt.put(key, now.plusSeconds(30));
            }
            return;
        }
        retryAt.put(key, now.plusMillis(Math.min(30_000, 500L << Math.min(n, 6))));
    }

    /** Header results forgotten since start. */
    public long forgotten() {
        return forgotten.get();
    }

    @Override
    public void close() {
        recorder.close();
        sweeper.shutdownNow();
    }
}
