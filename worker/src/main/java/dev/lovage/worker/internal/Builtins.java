package dev.lovage.worker.internal;

import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskParent;
import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.PythonException;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskArgs;
import dev.lovage.worker.TaskContext;
import dev.lovage.worker.TaskOptions;
import dev.lovage.worker.TaskSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Celery's built-in tasks (celery/app/builtins.py) that can arrive as messages: {@code celery.chord_unlock} from
 * producers whose backend has no native join, {@code celery.group}, {@code celery.chord}, {@code celery.chain} and
 * {@code celery.accumulate}. A task the app registers under one of these names wins.
 */
final class Builtins {
    // Celery's result_chord_retry_interval.
    private static final Duration CHORD_RETRY_INTERVAL = Duration.ofSeconds(1);

    private final TaskPublisher publisher;
    private final Workflow workflow;
    private final @Nullable ResultBackend backend;

    Builtins(TaskPublisher publisher, Workflow workflow, @Nullable ResultBackend backend) {
        this.publisher = publisher;
        this.workflow = workflow;
        this.backend = backend;
    }

    List<RegisteredTask> tasks() {
        TaskOptions unlimited = TaskOptions.builder().maxRetries(null).ignoreResult(true)
                .defaultRetryDelay(CHORD_RETRY_INTERVAL).build();
        return List.of(
                new RegisteredTask("celery.chord_unlock", unlimited, this::chordUnlock),
                new RegisteredTask("celery.accumulate", TaskOptions.DEFAULTS, Builtins::accumulate),
                new RegisteredTask("celery.group", TaskOptions.DEFAULTS, this::group),
                new RegisteredTask("celery.chord", TaskOptions.DEFAULTS, this::chord),
                new RegisteredTask("celery.chain", TaskOptions.DEFAULTS, (ctx, args) -> {
                    throw new PythonException("builtins", "NotImplementedError", "chain is not a real task");
                }));
    }

    private static TaskParent parent(TaskContext ctx) {
        return new TaskParent(ctx.taskId(), ctx.rootId());
    }

    private static @Nullable Object accumulate(TaskContext ctx, TaskArgs args) {
        Object index = args.keyword().get("index");
        return index instanceof Number n ? args.positional().get(n.intValue()) : new ArrayList<>(args.positional());
    }

    private @Nullable Object group(TaskContext ctx, TaskArgs args) {
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
        kwargs.put("tasks", args.get(0, "tasks"));
        Object groupId = args.positional().size() > 2 ? args.positional().get(2) : args.keyword().get("group_id");
        Object partial = args.positional().size() > 3 ? args.positional().get(3) : args.keyword().get("partial_args");
        Map<String, @Nullable Object> options = new LinkedHashMap<>();
        if (groupId != null) {
            options.put("task_id", groupId);
        }
        Signature group = new Signature("celery.group", List.of(), kwargs, options, "group", false, Map.of());
        return publisher.apply(group, partial instanceof List<?> l ? new ArrayList<>(l) : List.of(), Map.of(),
                parent(ctx)).result().asTuple();
    }

    private @Nullable Object chord(TaskContext ctx, TaskArgs args) {
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
        kwargs.put("header", args.get(0, "header"));
        kwargs.put("body", args.get(1, "body"));
        Object partial = args.positional().size() > 2 ? args.positional().get(2) : args.keyword().get("partial_args");
        Signature chord = new Signature("celery.chord", List.of(), kwargs, Map.of(), "chord", false, Map.of());
        return publisher.apply(chord, partial instanceof List<?> l ? new ArrayList<>(l) : List.of(), Map.of(),
                parent(ctx)).result().asTuple();
    }

    /**
     * Mirrors builtins.py unlock_chord: retry until every header result is ready, then fail the callback with
     * ChordError for the first failed one, or apply it with the results in header order.
     */
    private @Nullable Object chordUnlock(TaskContext ctx, TaskArgs args) {
        if (backend == null) {
            throw new IllegalStateException("celery.chord_unlock needs a result backend");
        }
        Signature callback = SignatureDicts.fromDict(args.get(1, "callback"));
        List<String> ids = headerIds(args.keyword().get("result"));
        List<ResultMeta> metas = new ArrayList<>();
        for (String id : ids) {
            ResultMeta meta = backend.get(id);
            if (meta == null || !meta.status().isReady()) {
                Object interval = args.keyword().get("interval");
                Duration wait = interval instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000))
                        : CHORD_RETRY_INTERVAL;
                throw new TaskSignal.Retry(null, wait, null);
            }
            metas.add(meta);
        }
        List<@Nullable Object> values = new ArrayList<>();
        for (ResultMeta meta : metas) {
            if (meta.status() != TaskState.SUCCESS) {
                String culprit = meta.result() instanceof ExceptionInfo e ? ExceptionMapper.repr(e)
                        : String.valueOf(meta.result());
                workflow.failChord(callback, idOf(callback), "Dependency " + meta.taskId() + " raised " + culprit,
                        meta.result());
                return null;
            }
            values.add(meta.result());
        }
        List<@Nullable Object> partial = new ArrayList<>();
        partial.add(values);
        try {
            publisher.apply(callback, partial, Map.of(), parent(ctx));
        } catch (RuntimeException e) {
            workflow.failChord(callback, idOf(callback), "Callback error: " + e);
        }
        return null;
    }

    private static String idOf(Signature sig) {
        return sig.taskId() != null ? sig.taskId() : "";
    }

    /** The ids in a GroupResult's member tuples: {@code [[[id, parent], children], ...]}. */
    private static List<String> headerIds(@Nullable Object result) {
        List<String> ids = new ArrayList<>();
        if (result instanceof List<?> tuples) {
            for (Object t : tuples) {
                if (t instanceof List<?> tuple && !tuple.isEmpty() && tuple.get(0) instanceof List<?> head
                        && !head.isEmpty()) {
                    ids.add(String.valueOf(head.get(0)));
                }
            }
        }
        return ids;
    }
}
