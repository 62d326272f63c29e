/**
 * The {@code lovage} command line: {@code lovage worker}, mirroring {@code celery worker}. Non-null unless annotated
 * {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.cli;

import org.jspecify.annotations.NullMarked;
