package dev.lovage.protocol;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The protocol v2 headers (celery/app/amqp.py {@code as_task_v2}), normalised from AMQP field-table types.
 * Immutable at the top level. {@code eta} and {@code expires} are instants (a naive time on the wire is UTC);
 * {@code retries} defaults to 0, {@code ignoreResult} to false, {@code lang} to "py".
 *
 * @param extra every header not modelled here ({@code stamps}, {@code replaced_task_nesting}, custom user headers,
 *              broker-added {@code x-death}); kept in arrival order so they can be carried forward
 * @since 0.1
 */
public record TaskHeaders(String lang, String task, String id, @Nullable String rootId, @Nullable String parentId,
        @Nullable String group, @Nullable Integer groupIndex, @Nullable String shadow, @Nullable Instant eta,
        @Nullable Instant expires, int retries, TimeLimit timelimit, @Nullable String argsrepr,
        @Nullable String kwargsrepr, @Nullable String origin, boolean ignoreResult,
        Map<String, @Nullable Object> extra) {

    public TaskHeaders {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** True when {@code expires} is set and lies before {@code clock}'s now. */
    public boolean isExpired(InstantSource clock) {
        return expires != null && clock.instant().isAfter(expires);
    }
}
