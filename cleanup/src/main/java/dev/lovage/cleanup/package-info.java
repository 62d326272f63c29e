/**
 * Forgets chord header results once the chord's callback has succeeded (Celery issue #4660): Celery's Redis backend
 * keeps every header result for {@code result_expires} after the callback consumed them. Deletions happen in the
 * background, batched, with UNLINK; the callback's own result is never touched. Non-null unless annotated
 * {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.cleanup;

import org.jspecify.annotations.NullMarked;
