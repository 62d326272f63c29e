/**
 * The Redis result backend: results written exactly as Celery's Redis backend writes them, so Python clients read
 * them unchanged. Non-null unless annotated {@code @Nullable}.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.backend.redis;

import org.jspecify.annotations.NullMarked;
