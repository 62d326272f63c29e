package dev.lovage.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The running task that publishes, as Celery's {@code current_worker_task}: messages it sends get its id as
 * {@code parent_id} and its root (or its id, when it has none) as {@code root_id}, unless the options say otherwise.
 * Immutable.
 *
 * @since 0.2
 */
public record TaskParent(String id, @Nullable String rootId) {
}
