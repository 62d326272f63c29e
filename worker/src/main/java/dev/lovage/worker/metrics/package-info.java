/**
 * Micrometer meters for a worker, fed by the listener seam. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.worker.metrics;

import org.jspecify.annotations.NullMarked;
