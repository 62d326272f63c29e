package dev.lovage.protocol.codec;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result document, field for field and byte for byte as Python writes it (celery/backends/base.py
 * {@code _get_result_meta} through {@code json.dumps}): status, result, traceback, children, date_done, then
 * group_id and parent_id when set, the result_extended fields when on, and task_id last.
 */
public final class ResultMetaCodec {
    private ResultMetaCodec() {
    }

    /** The JSON Python's {@code json.dumps} would write for {@code meta}. */
    public static String encode(ResultMeta meta) {
        Map<String, @Nullable Object> doc = new LinkedHashMap<>();
        doc.put("status", meta.status().name());
        doc.put("result", meta.result() instanceof ExceptionInfo e ? exception(e) : meta.result());
        doc.put("traceback", meta.traceback());
        doc.put("children", meta.children());
        // Mirrors _get_result_meta: date_done is set for READY_STATES only, as Python's isoformat() of an aware
        // UTC datetime (Celery 5.5+): 6 fractional digits, none when the microseconds are 0, "+00:00".
        Instant done = meta.dateDone();
        doc.put("date_done", done == null || !meta.status().isReady() ? null : PyFormat.isoformat(done));
        // Python adds these only when request.group / request.parent_id are truthy, so never as "".
        if (isSet(meta.groupId())) {
            doc.put("group_id", meta.groupId());
        }
        if (isSet(meta.parentId())) {
            doc.put("parent_id", meta.parentId());
        }
        ResultMeta.Extended x = meta.extended();
        if (x != null) {
            doc.put("name", x.name());
            doc.put("args", x.args());
            doc.put("kwargs", x.kwargs());
            doc.put("worker", x.worker());
            doc.put("retries", x.retries());
            doc.put("queue", x.queue());
        }
        doc.put("task_id", meta.taskId());
        return PyJson.write(doc);
    }

    // Mirrors prepare_exception for the JSON serializer: exc_type, exc_message (the args as a list), exc_module.
    private static Map<String, @Nullable Object> exception(ExceptionInfo e) {
        Map<String, @Nullable Object> doc = new LinkedHashMap<>();
        doc.put("exc_type", e.excType());
        doc.put("exc_message", e.excMessage());
        doc.put("exc_module", e.excModule());
        return doc;
    }

    /**
     * Reads a result document written by Python or Lovage. {@code date_done} may be naive (Celery before 5.5,
     * read as UTC), end in {@code Z} or carry an offset. An exception dict in an exception state becomes an
     * {@link ExceptionInfo}.
     *
     * @throws IllegalArgumentException when the text is not a result document
     */
    @SuppressWarnings("unchecked")
    public static ResultMeta decode(String json) {
        if (!(PyJson.read(json) instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("a result document must be a JSON object");
        }
        Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) raw;
        TaskState state = TaskState.valueOf(String.valueOf(m.get("status")).toUpperCase(Locale.ROOT));
        Object result = resultOf(state, m.get("result"));
        ResultMeta.Extended extended = null;
        if (m.containsKey("name") && m.containsKey("worker")) {
            extended = new ResultMeta.Extended(String.valueOf(m.get("name")),
                    m.get("args") instanceof List<?> a ? (List<@Nullable Object>) a : List.of(),
                    m.get("kwargs") instanceof Map<?, ?> k ? (Map<String, @Nullable Object>) k : Map.of(),
                    text(m.get("worker")), m.get("retries") instanceof Number n ? n.intValue() : 0,
                    text(m.get("queue")));
        }
        Object children = m.get("children");
        return new ResultMeta(String.valueOf(m.get("task_id")), state, result, text(m.get("traceback")),
                children instanceof List<?> c ? (List<@Nullable Object>) c : List.of(), dateDone(m.get("date_done")),
                text(m.get("group_id")), text(m.get("parent_id")), extended);
    }

    /** For exception states, the stored exception dict as an {@link ExceptionInfo}; other results as they are. */
    @SuppressWarnings("unchecked")
    public static @Nullable Object resultOf(TaskState state, @Nullable Object result) {
        if (state.isException() && result instanceof Map<?, ?> e && e.containsKey("exc_type")) {
            Object message = e.get("exc_message");
            return new ExceptionInfo(String.valueOf(e.get("exc_type")),
                    message instanceof List<?> l ? (List<@Nullable Object>) l : Arrays.asList(message),
                    e.get("exc_module") == null ? null : e.get("exc_module").toString());
        }
        return result;
    }

    private static @Nullable Instant dateDone(@Nullable Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        return v == null ? null : PyFormat.parseInstant(v.toString());
    }

    private static boolean isSet(@Nullable String id) {
        return id != null && !id.isEmpty();
    }

    private static @Nullable String text(@Nullable Object v) {
        return v == null ? null : v.toString();
    }
}
