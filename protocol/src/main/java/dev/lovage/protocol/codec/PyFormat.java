package dev.lovage.protocol.codec;

import dev.lovage.protocol.internal.Iso8601;
import dev.lovage.protocol.internal.PyIsoFormat;
import dev.lovage.protocol.internal.PyRepr;
import dev.lovage.protocol.internal.PythonFloat;
import dev.lovage.protocol.internal.SafeRepr;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The text and number forms Python gives the values Celery writes: {@code repr} for log lines and
 * {@code argsrepr}, {@code isoformat()} for times, {@code repr(float)} for runtimes, and seconds as numbers. The
 * one place the other modules format for Python. Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class PyFormat {
    private PyFormat() {
    }

    /** Python's {@code repr} of a JSON-like value, cut at 1024 characters as Celery's saferepr cuts it. */
    public static String repr(@Nullable Object value) {
        return PyRepr.repr(value);
    }

    /** A Python tuple's repr: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String tupleRepr(List<?> items) {
        return PyRepr.tupleRepr(items);
    }

    /**
     * Celery's {@code saferepr(value, maxlen)} (celery/utils/saferepr.py), as Celery writes {@code kwargsrepr}:
     * strings quoted with {@code '}, three levels of nesting, cut at {@code maxLength} with {@code ...}.
     *
     * @since 0.2
     */
    public static String saferepr(@Nullable Object value, int maxLength) {
        return SafeRepr.repr(value, maxLength);
    }

    /** {@link #saferepr} of args as a tuple, as Celery writes {@code argsrepr}: {@code (2, 3)}, {@code (5,)}. */
    public static String safeTupleRepr(List<?> items, int maxLength) {
        return SafeRepr.tuple(items, maxLength);
    }

    /** {@code datetime.isoformat()} of an aware UTC time, as Celery 5.5+ writes eta, expires and date_done. */
    public static String isoformat(Instant time) {
        return PyIsoFormat.utc(time);
    }

    /** An ISO-8601 time as Python writes them (naive means UTC, as Celery reads it). */
    public static Instant parseInstant(String iso) {
        return Iso8601.parseInstant(iso);
    }

    /** Python's {@code repr(float)}: the shortest text that reads back as the same double ({@code 0.1}, {@code 1e-05}). */
    public static String floatRepr(double value) {
        return PythonFloat.repr(value);
    }

    /**
     * A duration as the number of seconds a Python user would have written: an int when whole ({@code 5}), else a
     * float ({@code 0.5}). Time limits and countdowns travel this way.
     */
    public static Number seconds(Duration d) {
        if (d.toNanos() % 1_000_000_000L == 0) {
            long s = d.toSeconds();
            return s == (int) s ? (Number) (int) s : (Number) s;
        }
        return d.toNanos() / 1e9;
    }

    /** A duration as Python's float seconds ({@code 5.0}), as runtimes and rates are reported. */
    public static double floatSeconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
