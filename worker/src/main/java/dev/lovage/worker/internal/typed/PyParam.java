package dev.lovage.worker.internal.typed;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * One parameter as Python sees it: its name, its kind, where its value goes in the Java call, how values convert,
 * and its default (already converted) when it has one.
 */
record PyParam(String name, Kind kind, int javaIndex, Type type, ValueConverter converter, boolean hasDefault,
        @Nullable Object defaultValue) {

    /** Python's parameter kinds (inspect.Parameter), less positional-only, which a task cannot declare. */
    enum Kind { POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD }
}
