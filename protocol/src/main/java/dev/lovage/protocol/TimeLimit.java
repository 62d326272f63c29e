package dev.lovage.protocol;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code timelimit} header: on the wire {@code [time_limit, soft_time_limit]}, hard first.
 *
 * @since 0.1
 */
public record TimeLimit(@Nullable Duration hard, @Nullable Duration soft) {
    public static final TimeLimit NONE = new TimeLimit(null, null);
}
