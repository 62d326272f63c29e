package dev.lovage.worker.internal.typed;

import org.jspecify.annotations.Nullable;

/** Converts one argument value, as the decoder produced it, to a parameter's Java type. Stateless and thread-safe. */
@FunctionalInterface
interface ValueConverter {
    /**
     * The converted value.
     *
     * @throws BadValue when the value cannot become the parameter's type
     */
    @Nullable Object convert(@Nullable Object value);

    /** Passes every value through: parameters of type Object. */
    ValueConverter IDENTITY = v -> v;
}
