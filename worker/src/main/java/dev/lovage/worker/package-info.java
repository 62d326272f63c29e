/**
 * The Lovage worker API: configure with {@link dev.lovage.worker.CeleryConfig}, register tasks on
 * {@link dev.lovage.worker.CeleryWorker#builder}, start. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.worker;

import org.jspecify.annotations.NullMarked;
