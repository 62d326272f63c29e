/** Internals of chord cleanup; not API. Non-null unless annotated {@code @Nullable}. */
@NullMarked
package dev.lovage.cleanup.internal;

import org.jspecify.annotations.NullMarked;
