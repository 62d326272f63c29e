package dev.lovage.protocol;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code timelimit} header: on the wire {@code [time_limit, soft_time_limit]}, hard first. A null limit means
 * the task's or worker's default applies. Immutable.
 *
 * @since 0.1
 */
public record TimeLimit(@Nullable Duration hard, @Nullable Duration soft) {
    /** {@code [null, null]}: no limit in the message. */
    public static final TimeLimit NONE = new TimeLimit(null, null);
}
