package dev.lovage.worker.internal.typed;

import org.jspecify.annotations.Nullable;

/**
 * A value that does not convert to its parameter's type. {@code detail} says where inside the value it went wrong
 * (null when the value as a whole has the wrong type); the binder turns it into Python's TypeError.
 */
final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final @Nullable String detail;

    BadValue(@Nullable String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    @Nullable String detail() {
        return detail;
    }
}
