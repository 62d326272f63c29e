package dev.lovage.protocol.internal;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TimeLimit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link TaskHeaders} from normalised protocol v2 header values (celery/app/amqp.py as_task_v2): defaults
 * lang "py", retries 0, ignore_result false; naive eta/expires are UTC; every other header goes to {@code extra} in
 * arrival order. Stateless.
 */
public final class HeaderReader {
    private static final Set<String> MODELLED = Set.of("lang", "task", "id", "root_id", "parent_id", "group",
            "group_index", "shadow", "eta", "expires", "retries", "timelimit", "argsrepr", "kwargsrepr", "origin",
            "ignore_result");

    private HeaderReader() {
    }

    /**
     * The headers of one task.
     *
     * @throws ProtocolException INVALID_TASK for a missing or blank task or id, an unparsable eta or expires, or a
     *         non-integer retries or group_index
     */
    public static TaskHeaders read(Map<String, @Nullable Object> h) {
        String id = text(h.get("id"));
        String task = text(h.get("task"));
        if (task == null || task.isBlank()) {
            throw new ProtocolException(Reason.INVALID_TASK, "the message has no task name");
        }
        if (id == null || id.isBlank()) {
            throw new ProtocolException(Reason.INVALID_TASK, "task '" + task + "' has no id");
        }
        Map<String, @Nullable Object> extra = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (!MODELLED.contains(k)) {
                extra.put(k, v);
            }
        });
        String lang = text(h.get("lang"));
        return new TaskHeaders(lang == null ? "py" : lang, task, id, text(h.get("root_id")),
                text(h.get("parent_id")), text(h.get("group")), integer(h.get("group_index"), "group_index"),
                text(h.get("shadow")), time(h.get("eta"), "eta"), time(h.get("expires"), "expires"),
                retries(h.get("retries")), timeLimit(h.get("timelimit")), text(h.get("argsrepr")),
                text(h.get("kwargsrepr")), text(h.get("origin")), Boolean.TRUE.equals(h.get("ignore_result")),
                extra);
    }

    static @Nullable String text(@Nullable Object v) {
        return v == null ? null : v.toString();
    }

    private static int retries(@Nullable Object v) {
        Integer r = integer(v, "retries");
        return r == null ? 0 : r;
    }

    private static @Nullable Integer integer(@Nullable Object v, String name) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ProtocolException(Reason.INVALID_TASK, "header " + name + " is not an integer: " + v);
        }
    }

    // Mirrors celery/worker/request.py: an unparsable eta or expires is an InvalidTaskError.
    private static @Nullable Instant time(@Nullable Object v, String name) {
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return i;
        }
        try {
            return Iso8601.parseInstant(v.toString());
        } catch (DateTimeParseException e) {
            throw new ProtocolException(Reason.INVALID_TASK, "invalid " + name + " value '" + v
                    + "': expected an ISO-8601 date and time");
        }
    }

    private static TimeLimit timeLimit(@Nullable Object v) {
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            return TimeLimit.NONE;
        }
        return new TimeLimit(seconds(l.get(0)), l.size() > 1 ? seconds(l.get(1)) : null);
    }

    // Celery accepts int or float seconds; a non-number (or NaN/inf) falls back to the defaults, like None.
    private static @Nullable Duration seconds(@Nullable Object v) {
        if (!(v instanceof Number n) || v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        BigDecimal s = new BigDecimal(n.toString());
        try {
            return Duration.ofSeconds(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
