package dev.lovage.client;

import dev.lovage.client.internal.ClientCore;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.BackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of one task, Celery's {@code AsyncResult}: read from the result backend by id. Get one from
 * {@link CeleryClient#send}, {@link CeleryClient#apply} or {@link CeleryClient#asyncResult(String)}.
 *
 * <p>Thread-safe; it holds no state of its own beyond the id and its parent, so every call reads the backend.
 *
 * @since 0.2
 */
public final class AsyncResult implements CeleryResult {
    // Celery checks a chain's earlier tasks while waiting (AsyncResult._maybe_reraise_parent_error).
    private static final Duration PARENT_CHECK = Duration.ofSeconds(1);

    private final ClientCore core;
    private final String id;
    private final @Nullable CeleryResult parent;
    private final @Nullable String name;

    AsyncResult(ClientCore core, String id, @Nullable CeleryResult parent, @Nullable String name) {
        this.core = core;
        this.id = id;
        this.parent = parent;
        this.name = name;
    }

    @Override
    public String id() {
        return id;
    }

    /** The task name when this result came from applying it here; null otherwise. */
    public @Nullable String name() {
        return name;
    }

    /** The stored state: PENDING when nothing is stored (not started, unknown, or forgotten). */
    public TaskState state() {
        ResultMeta meta = core.meta(id);
        return meta == null ? TaskState.PENDING : meta.status();
    }

    /**
     * The stored result without waiting: the return value after a SUCCESS, an {@link dev.lovage.protocol.ExceptionInfo}
     * after a FAILURE, RETRY or REVOKED, worker details while STARTED, null while PENDING.
     */
    public @Nullable Object result() {
        ResultMeta meta = core.meta(id);
        return meta == null ? null : meta.result();
    }

    /** The stored traceback of a failure, or null. */
    public @Nullable String traceback() {
        ResultMeta meta = core.meta(id);
        return meta == null ? null : meta.traceback();
    }

    /** When it finished, or null while not ready. */
    public @Nullable Instant dateDone() {
        ResultMeta meta = core.meta(id);
        return meta == null ? null : meta.dateDone();
    }

    /** The tasks it started (its callbacks, the next chain step, a replacement...), as the worker recorded them. */
    public List<CeleryResult> children() {
        ResultMeta meta = core.meta(id);
        List<CeleryResult> out = new ArrayList<>();
        if (meta != null) {
            meta.children().forEach(c -> out.add(Results.of(core, ResultRef.fromTuple(c), null)));
        }
        return out;
    }

    @Override
    public @Nullable Object get(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        BackendException down = null;
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            ResultMeta meta = null;
            try {
                meta = core.await(id, Duration.ofNanos(Math.min(left, PARENT_CHECK.toNanos())));
                down = null;
            } catch (BackendException e) {
                if (!e.isConnectionError()) {
                    throw e;
                }
                // Redis is away: keep trying until the caller's deadline, as Celery's consumer reconnects.
                down = e;
            }
            if (meta != null) {
                return Results.value(meta);
            }
            if (down == null) {
                throwIfAParentFailed();
            }
            if (System.nanoTime() - deadline >= 0) {
                if (down != null) {
                    throw new BackendException("the result backend " + core.describeBackend() + " could not be "
                            + "reached while waiting " + timeout.toMillis() / 1000.0 + " s for the result of "
                            + describe() + ": " + rootCause(down), down, true);
                }
                throw timedOut(timeout);
            }
        }
    }

    private String describe() {
        return name == null ? "task " + id : name + "[" + id + "]";
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * {@link #get(Duration)} as a {@code type}: numbers are converted between Integer, Long and Double.
     *
     * @throws ClassCastException when the value is of another type
     */
    public <T> @Nullable T get(Duration timeout, Class<T> type) {
        return Values.as(get(timeout), type);
    }

    private void throwIfAParentFailed() {
        for (CeleryResult p = parent; p != null; p = p.parent()) {
            if (p instanceof AsyncResult a) {
                ResultMeta meta;
                try {
                    meta = core.peek(a.id);
                } catch (BackendException e) {
                    return;
                }
                if (meta != null && (meta.status() == TaskState.FAILURE || meta.status() == TaskState.REVOKED)) {
                    throw Results.exception(meta);
                }
            }
        }
    }

    private ResultTimeoutException timedOut(Duration timeout) {
        TaskState state;
        try {
            ResultMeta meta = core.peek(id);
            state = meta == null ? TaskState.PENDING : meta.status();
        } catch (BackendException e) {
            state = TaskState.PENDING;
        }
        String what = describe();
        String hint = state == TaskState.PENDING ? " (no worker has reported on it: is a worker consuming its queue,"
                + " and does it know the task?)" : "";
        return new ResultTimeoutException("The operation timed out: " + what + " was not ready within "
                + timeout.toMillis() / 1000.0 + " s; state " + state + hint, id, state);
    }

    @Override
    public boolean ready() {
        return state().isReady();
    }

    @Override
    public boolean successful() {
        return state() == TaskState.SUCCESS;
    }

    @Override
    public boolean failed() {
        return state() == TaskState.FAILURE;
    }

    /** Deletes this result and its parents' (Celery's {@code forget}). */
    @Override
    public void forget() {
        if (parent != null) {
            parent.forget();
        }
        core.forget(id);
    }

    @Override
    public void revoke(boolean terminate) {
        core.revoke(List.of(id), terminate, "SIGTERM");
    }

    @Override
    public @Nullable CeleryResult parent() {
        return parent;
    }

    @Override
    public ResultRef toRef() {
        return new ResultRef(id, parent == null ? null : parent.toRef(), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsyncResult r && r.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "<AsyncResult: " + id + ">";
    }
}
