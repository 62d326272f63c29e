package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Embed;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskState;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ErrbackHandler;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskRequest;
import dev.lovage.worker.internal.TaskPublisher.Parent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished task sets in motion, as a Python worker does it: callbacks and the next chain step after a success
 * (celery/app/trace.py {@code _dispatch_callbacks_and_chain}), errbacks and failed chain steps after a failure
 * (celery/backends/base.py {@code mark_as_failure}), and the chord join for a chord header task
 * (celery/backends/redis.py {@code on_chord_part_return}).
 */
final class Workflow {
    private static final Logger log = LoggerFactory.getLogger(Workflow.class);
    // Celery 5.7 sizes this from the publish retry policy and broker_connection_timeout: (3 + 1) x 4 s + waits.
    private static final Duration PUBLISH_CLAIM = Duration.ofSeconds(21);

    private final Canvas canvas;
    private final TaskPublisher publisher;
    private final @Nullable ChordBackend chords;
    private final @Nullable ResultBackend backend;
    private final InstantSource clock;
    private final Listeners listeners;
    private final Map<String, ErrbackHandler> errbacks;

    Workflow(Canvas canvas, TaskPublisher publisher, @Nullable ChordBackend chords, @Nullable ResultBackend backend,
            InstantSource clock, Listeners listeners, Map<String, ErrbackHandler> errbacks) {
        this.listeners = listeners;
        this.errbacks = Map.copyOf(errbacks);
        this.canvas = canvas;
        this.publisher = publisher;
        this.chords = chords;
        this.backend = backend;
        this.clock = clock;
    }

    private static Parent parentOf(TaskRequest request) {
        TaskHeaders h = request.message().headers();
        return new Parent(h.id(), h.rootId() != null ? h.rootId() : h.id());
    }

    /** Publishes callbacks and the next chain step with the result in front; returns the children tuples. */
    List<@Nullable Object> onSuccess(TaskRequest request, @Nullable Object retval) {
        Embed embed = request.message().body().embed();
        List<@Nullable Object> children = new ArrayList<>();
        List<@Nullable Object> partial = new ArrayList<>();
        partial.add(retval);
        Parent parent = parentOf(request);
        List<Signature> callbacks = embed.callbacks();
        if (callbacks.size() == 1) {
            children.add(canvas.apply(callbacks.get(0), partial, parent));
        } else if (callbacks.size() > 1) {
            // Several callbacks go out together as one group, as trace.py sends them.
            Signature group = new Signature("celery.group", List.of(), Map.of("tasks",
                    SignatureDicts.toDicts(callbacks)), Map.of("task_id", UUID.randomUUID().toString()), "group",
                    false, Map.of());
            children.add(canvas.apply(group, partial, parent));
        }
        List<Signature> chain = embed.chain();
        if (!chain.isEmpty()) {
            Signature next = chain.get(chain.size() - 1);
            List<Signature> rest = chain.subList(0, chain.size() - 1);
            if (!rest.isEmpty()) {
                next = SignatureMaps.withOptions(next, Map.of("chain", SignatureDicts.toDicts(rest)));
            }
            children.add(canvas.apply(next, partial, parent));
        }
        return children;
    }

    /**
     * After a stored failure: every later chain step with an id gets the same FAILURE, and errbacks are published
     * with the failed task's id, as Celery does for errbacks it cannot call in-process.
     */
    void onFailure(TaskRequest request, ResultMeta failure) {
        TaskHeaders h = request.message().headers();
        for (Signature step : request.message().body().embed().chain()) {
            String id = step.taskId();
            if (id != null && backend != null) {
                backend.store(new ResultMeta(id, TaskState.FAILURE, failure.result(), failure.traceback(), List.of(),
                        failure.dateDone(), null, null, null));
            }
        }
        List<@Nullable Object> partial = new ArrayList<>();
        partial.add(h.id());
        for (Signature errback : request.message().body().embed().errbacks()) {
            if (!callInProcess(errback, h.id(), request, (ExceptionInfo) failure.result(), failure.traceback())) {
                canvas.apply(errback, partial, parentOf(request));
            }
        }
    }

    /** A chord header task ended: record its part, and when it is the last, apply the body or fail it. */
    void onChordPart(TaskRequest request, TaskState state, @Nullable Object result) {
        TaskHeaders h = request.message().headers();
        Signature body = request.message().body().embed().chord();
        if (body == null || h.group() == null || chords == null) {
            return;
        }
        String callbackId = TaskPublisher.idOf(body);
        listeners.fire(l -> l.chordPart(h.group(), callbackId, h.id()));
        ChordBackend.Join join = chords.addPart(h.group(), h.id(), h.groupIndex(), state, result);
        if (join == null) {
            return;
        }
        List<@Nullable Object> values = new ArrayList<>();
        for (ChordBackend.Part part : join.parts()) {
            if (part.state() == TaskState.FAILURE || part.state() == TaskState.REVOKED) {
                String culprit = part.result() instanceof ExceptionInfo e ? ExceptionMapper.repr(e)
                        : String.valueOf(part.result());
                try {
                    failChord(parentOf(request), body, callbackId, "Dependency " + part.taskId() + " raised " + culprit);
                } finally {
                    // Mirrors Celery 5.7: the parts stay, the size goes, so a late copy cannot fail it again.
                    chords.abandonChord(h.group());
                }
                return;
            }
            values.add(part.result());
        }
        if (!chords.extendClaim(h.group(), join.claimToken(), PUBLISH_CLAIM)) {
            log.warn("Chord callback for {} not published: the claim is no longer this worker's", h.group());
            return;
        }
        try {
            List<@Nullable Object> partial = new ArrayList<>();
            partial.add(values);
            canvas.apply(body, partial, parentOf(request));
            List<String> ids = join.parts().stream().map(ChordBackend.Part::taskId).toList();
            listeners.fire(l -> l.chordJoined(h.group(), callbackId, ids));
        } catch (RuntimeException e) {
            failChord(parentOf(request), body, callbackId, "Callback error: " + e);
        } finally {
            if (!chords.finishChord(h.group(), join.claimToken())) {
                log.warn("Chord callback claim for {} was lost before cleanup; the join is left to expire",
                        h.group());
            }
        }
    }

    /**
     * Mirrors celery/backends/base.py _call_task_errbacks: an errback registered here as a new-style one runs
     * in-process; its failure is logged and changes nothing else.
     */
    private boolean callInProcess(Signature errback, String failedId, @Nullable TaskRequest request,
            ExceptionInfo error, @Nullable String traceback) {
        ErrbackHandler handler = errbacks.get(errback.task());
        if (handler == null) {
            return false;
        }
        try {
            handler.onError(failedId, request, error, traceback);
        } catch (Exception e) {
            log.error("Errback {} for task {} raised: {}", errback.task(), failedId, e.toString(), e);
        }
        return true;
    }

    /** Mirrors chord_error_from_stack: the callback's errbacks get its id, the callback id gets FAILURE ChordError. */
    void failChord(Parent parent, Signature body, String callbackId, String message) {
        log.error("Chord callback {}[{}] failed: {}", body.task(), callbackId, message);
        ExceptionInfo error = ExceptionInfo.of("celery.exceptions", "ChordError", message);
        List<@Nullable Object> partial = new ArrayList<>();
        partial.add(callbackId);
        List<@Nullable Object> children = new ArrayList<>();
        for (Signature errback : SignatureDicts.many(body.options().get("link_error"))) {
            if (callInProcess(errback, callbackId, null, error, null)) {
                continue;
            }
            Map<String, @Nullable Object> options = new LinkedHashMap<>();
            options.put("parent_id", callbackId);
            children.add(canvas.apply(SignatureMaps.withOptions(errback, options), partial, parent));
        }
        if (backend != null) {
            backend.store(new ResultMeta(callbackId, TaskState.FAILURE, error,
                    "Traceback (most recent call last):\ncelery.exceptions.ChordError: " + message + "\n", children,
                    clock.instant(), null, null, null));
        }
    }
}
