/** Implementation of the Redis backend; not API. Non-null unless annotated {@code @Nullable}. */
@NullMarked
package dev.lovage.backend.redis.internal;

import org.jspecify.annotations.NullMarked;
