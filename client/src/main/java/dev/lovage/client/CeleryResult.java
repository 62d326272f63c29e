package dev.lovage.client;

import dev.lovage.protocol.ResultRef;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The result of something applied: one task's ({@link AsyncResult}) or a group's ({@link GroupResult}). What
 * {@link CeleryClient#apply} returns depends on the signature, as in Python: a task, a chain and a chord give an
 * {@code AsyncResult} (a chain's is its last task's, with the earlier ones as {@link #parent()}; a chord's is its
 * body's, with the header as parent), a group gives a {@code GroupResult}.
 *
 * <p>Thread-safe; every method reads the result backend (or the broker, for {@link #revoke}) when called.
 *
 * @since 0.2
 */
public sealed interface CeleryResult permits AsyncResult, GroupResult {

    /** The task id, or the group id. */
    String id();

    /**
     * Waits up to {@code timeout} for the result and returns it: a task's return value (plain Java: null, Boolean,
     * Integer/Long/BigInteger, Double, String, List, Map, java.time values...), or a group's list of them in order.
     *
     * @throws dev.lovage.worker.PythonException   when the task (or a group member, or a task before it in the chain)
     *                                             failed or was revoked: its Python module, type, args and traceback
     * @throws ResultTimeoutException              when it is not ready in time
     * @throws dev.lovage.worker.BackendException  when the result backend cannot be reached within the timeout
     * @throws IllegalStateException               when the client has no result backend
     */
    @Nullable Object get(Duration timeout);

    /** True when the task (every member of a group) has finished: SUCCESS, FAILURE or REVOKED. */
    boolean ready();

    /** True when it (every member) succeeded. */
    boolean successful();

    /** True when it (any member) failed. */
    boolean failed();

    /** Deletes the stored result (of every member, and the saved group, for a group); parents too. */
    void forget();

    /** {@code revoke(false)}. */
    default void revoke() {
        revoke(false);
    }

    /**
     * Asks every worker not to run it (Celery's {@code app.control.revoke}); with {@code terminate}, a task already
     * running is stopped too (SIGTERM on a Python worker).
     *
     * @throws dev.lovage.worker.BrokerException when the broker cannot be reached
     */
    void revoke(boolean terminate);

    /** The result before this one in a chain, or null. */
    @Nullable CeleryResult parent();

    /** This result as Celery's {@code as_tuple()} describes it. */
    ResultRef toRef();
}
