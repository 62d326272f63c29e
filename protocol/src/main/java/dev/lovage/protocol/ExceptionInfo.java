package dev.lovage.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An exception as Celery's result backend stores it ({@code prepare_exception}):
 * {@code {"exc_type": ..., "exc_message": [...], "exc_module": ...}}. A null module makes Python build a synthetic
 * exception class. Immutable at the top level.
 *
 * @since 0.1
 */
public record ExceptionInfo(String excType, List<@Nullable Object> excMessage, @Nullable String excModule) {
    public ExceptionInfo {
        excMessage = Collections.unmodifiableList(new ArrayList<>(excMessage));
    }

    /** An exception with a single message argument, the usual shape. */
    public static ExceptionInfo of(String module, String type, String message) {
        return new ExceptionInfo(type, List.of(message), module);
    }
}
