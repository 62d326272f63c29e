/**
 * Forgets chord header results once the chord's callback has succeeded (Celery issue #4660). Built by the cleanup
 * issue; this module only reserves its place in the build for now. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.cleanup;

import org.jspecify.annotations.NullMarked;
