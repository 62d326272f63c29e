/**
 * Celery's task message model: the records a worker receives and the result documents it writes. Everything here is
 * non-null unless annotated {@code @Nullable}. No I/O, no threads: this package only describes the wire.
 *
 * @since 0.1
 */
@NullMarked
package dev.lovage.protocol;

import org.jspecify.annotations.NullMarked;
