/**
 * How the Redis backend works: Celery's keys, the result document byte for byte, Celery's URL spellings, the retry
 * policy, and the Lua scripts of chord joins and cleanup records. Not API: anything here may change
 * without notice. Non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.lovage.backend.redis.internal;

import org.jspecify.annotations.NullMarked;
