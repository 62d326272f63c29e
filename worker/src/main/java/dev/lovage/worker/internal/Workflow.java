package dev.lovage.worker.internal;

import dev.lovage.protocol.CanvasPlan;
import dev.lovage.protocol.Canvas;
import dev.lovage.protocol.Embed;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.Signature;
import dev.lovage.protocol.TaskHeaders;
import dev.lovage.protocol.TaskParent;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ErrbackHandler;
import dev.lovage.worker.ResultBackend;
import dev.lovage.worker.TaskRequest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished task sets in motion, as a Python worker does it: callbacks and the next chain step after a success
 * (celery/app/trace.py {@code _dispatch_callbacks_and_chain}), errbacks and failed chain steps after a failure
 * (celery/backends/base.py {@code mark_as_failure}, {@code _call_task_errbacks}), and the chord join for a chord
 * header task (celery/backends/redis.py {@code on_chord_part_return}). Everything is sent with the running task as
 * parent, through the shared canvas planner.
 */
final class Workflow {
    private static final Logger log = LoggerFactory.getLogger(Workflow.class);
    // Celery 5.7 sizes this from the publish retry policy and broker_connection_timeout: (3 + 1) x 4 s + waits.
    private static final Duration PUBLISH_CLAIM = Duration.ofSeconds(21);

    private final TaskPublisher publisher;
    private final @Nullable ChordBackend chords;
    private final @Nullable ResultBackend backend;
    private final InstantSource clock;
    private final Listeners listeners;
    private final Map<String, ErrbackHandler> errbacks;

    Workflow(TaskPublisher publisher, @Nullable ChordBackend chords, @Nullable ResultBackend backend,
            InstantSource clock, Listeners listeners, Map<String, ErrbackHandler> errbacks) {
        this.listeners = listeners;
        this.errbacks = Map.copyOf(errbacks);
        this.publisher = publisher;
        this.chords = chords;
        this.backend = backend;
        this.clock = clock;
    }

    static TaskParent parentOf(TaskRequest request) {
        TaskHeaders h = request.message().headers();
        return new TaskParent(h.id(), h.rootId());
    }

    /** Publishes callbacks and the next chain step with the result in front; returns the children tuples. */
    List<@Nullable Object> onSuccess(TaskRequest request, @Nullable Object retval) {
        TaskHeaders h = request.message().headers();
        Embed embed = request.message().body().embed();
        List<@Nullable Object> children = new ArrayList<>();
        List<@Nullable Object> partial = new ArrayList<>();
        partial.add(retval);
        Map<String, @Nullable Object> options = new LinkedHashMap<>();
        options.put("parent_id", h.id());
        options.put("root_id", h.rootId());
        TaskParent parent = parentOf(request);
        List<Signature> callbacks = embed.callbacks();
        if (callbacks.size() == 1) {
            children.addAll(trail(publisher.apply(callbacks.get(0), partial, options, parent)));
        } else if (callbacks.size() > 1) {
            // Several callbacks: each group on its own, the other signatures together as one group.
            List<Signature> sigs = new ArrayList<>();
            for (Signature cb : callbacks) {
                if (cb.isGroup()) {
                    children.addAll(trail(publisher.apply(cb, partial, options, parent)));
                } else {
                    sigs.add(cb);
                }
            }
            if (!sigs.isEmpty()) {
                children.addAll(trail(publisher.apply(Canvas.group(sigs), partial, options, parent)));
            }
        }
        List<Signature> chain = embed.chain();
        if (!chain.isEmpty()) {
            Map<String, @Nullable Object> next = new LinkedHashMap<>(options);
            next.put("chain", new ArrayList<>(chain.subList(0, chain.size() - 1)));
            children.addAll(trail(publisher.apply(chain.get(chain.size() - 1), partial, next, parent)));
        }
        return children;
    }

    /** The children tuples Celery's add_trail records for what a plan sent. */
    static List<@Nullable Object> trail(CanvasPlan plan) {
        List<@Nullable Object> out = new ArrayList<>();
        for (ResultRef r : plan.trail()) {
            out.add(r.asTuple());
        }
        return out;
    }

    /**
     * After a stored failure: every later chain step with an id gets the same FAILURE, and errbacks are called
     * in-process or published, with the failed task's id.
     */
    void onFailure(TaskRequest request, ResultMeta failure) {
        TaskHeaders h = request.message().headers();
        failChain(request.message().body().embed().chain(), failure.result(), failure.traceback());
        callErrbacks(request.message().body().embed().errbacks(), h.id(), h.rootId(), request,
                (ExceptionInfo) failure.result(), failure.traceback());
    }

    // Mirrors _call_task_errbacks: errbacks registered here as new-style ones run in-process; the others are
    // published together as one group with the failed task's id in front, parent_id the failed task.
    // Returns the children tuple of the published group, or null when none was published.
    private @Nullable Object callErrbacks(List<Signature> list, String failedId, @Nullable String rootId,
            @Nullable TaskRequest request, ExceptionInfo error, @Nullable String traceback) {
        List<Signature> oldStyle = new ArrayList<>();
        for (Signature errback : list) {
            if (!callInProcess(errback, failedId, request, error, traceback)) {
                oldStyle.add(errback);
            }
        }
        if (!oldStyle.isEmpty()) {
            Map<String, @Nullable Object> options = new LinkedHashMap<>();
            options.put("parent_id", failedId);
            options.put("root_id", rootId != null ? rootId : failedId);
            return publisher.apply(Canvas.group(oldStyle), List.of(failedId), options,
                    request == null ? null : parentOf(request)).result().asTuple();
        }
        return null;
    }

    /** A chord header task ended: record its part, and when it is the last, apply the body or fail it. */
    void onChordPart(TaskRequest request, TaskState state, @Nullable Object result) {
        TaskHeaders h = request.message().headers();
        chordPart(request.message().body().embed().chord(), h.group(), h.id(), h.groupIndex(), state, result,
                parentOf(request));
    }

    private void chordPart(@Nullable Signature body, @Nullable String group, String taskId,
            @Nullable Integer groupIndex, TaskState state, @Nullable Object result, TaskParent parent) {
        if (body == null || group == null || chords == null) {
            return;
        }
        String callbackId = body.taskId() != null ? body.taskId() : "";
        listeners.fire(l -> l.chordPart(group, callbackId, taskId));
        ChordBackend.Join join = chords.addPart(group, taskId, groupIndex, state, result);
        if (join == null) {
            return;
        }
        for (ChordBackend.Part part : join.parts()) {
            if (part.state() == TaskState.FAILURE || part.state() == TaskState.REVOKED) {
                String culprit = part.result() instanceof ExceptionInfo e ? ExceptionMapper.repr(e)
                        : String.valueOf(part.result());
                try {
                    failChord(body, callbackId, "Dependency " + part.taskId() + " raised " + culprit, part.result());
                } finally {
                    // Mirrors Celery 5.7: the parts stay, the size goes, so a late copy cannot fail it again.
                    chords.abandonChord(group);
                }
                return;
            }
        }
        List<@Nullable Object> values = ChordHeaderValues.of(backend, group, join.parts());
        if (!chords.extendClaim(group, join.claimToken(), PUBLISH_CLAIM)) {
            log.warn("Chord callback for {} not published: the claim is no longer this worker's", group);
            return;
        }
        try {
            // callback.delay(resl) from the task that completed the join.
            publisher.apply(body, List.of(values), Map.of(), parent);
            List<String> ids = join.parts().stream().map(ChordBackend.Part::taskId).toList();
            listeners.fire(l -> l.chordJoined(group, callbackId, ids));
        } catch (RuntimeException e) {
            failChord(body, callbackId, "Callback error: " + e);
        } finally {
            if (!chords.finishChord(group, join.claimToken())) {
                log.warn("Chord callback claim for {} was lost before cleanup; the join is left to expire",
                        group);
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
            handler.onError(failedId, request, error, traceback, errback.args(), errback.kwargs());
        } catch (Exception e) {
            log.error("Errback {} for task {} raised: {}", errback.task(), failedId, e.toString(), e);
        }
        return true;
    }

    /**
     * Mirrors chord_error_from_stack: the callback's errbacks are called for its id (root id the same, as Celery's
     * stand-in request has none), and the callback id gets FAILURE ChordError with no children.
     */
    void failChord(Signature body, String callbackId, String message) {
        failChord(body, callbackId, message, null);
    }

    /** As above; {@code cause} is the failed header task's exception, stored on a group body's members. */
    void failChord(Signature body, String callbackId, String message, @Nullable Object cause) {
        log.error("Chord callback {}[{}] failed: {}", body.task(), callbackId, message);
        ExceptionInfo error = ExceptionInfo.of("celery.exceptions", "ChordError", message);
        if (body.isGroup() && backend != null) {
            // Mirrors _handle_group_chord_error (Celery #8786): each member fails with the header's exception and
            // calls its own errbacks and the group's, so a client waiting on the group body is not left hanging.
            Object memberError = cause instanceof ExceptionInfo ? cause : error;
            List<Signature> groupErrbacks = SignatureDicts.many(body.options().get("link_error"));
            for (Signature member : body.tasks()) {
                // A chord member's result is its body's, and so are the errbacks that go with it.
                Signature target = member.isChord() && member.body() != null ? member.body() : member;
                String id = target.taskId();
                if (id != null) {
                    List<Signature> errbacks = new ArrayList<>(SignatureDicts.many(target.options().get("link_error")));
                    groupErrbacks.stream().filter(e -> !errbacks.contains(e)).forEach(errbacks::add);
                    callErrbacks(errbacks, id, null, null, (ExceptionInfo) memberError, null);
                    backend.store(new ResultMeta(id, TaskState.FAILURE, memberError, null, List.of(), clock.instant(),
                            null, null, null));
                }
            }
            failChain(SignatureDicts.many(body.options().get("chain")), error, null);
            return;
        }
        Object errbacks = callErrbacks(SignatureDicts.many(body.options().get("link_error")), callbackId, null, null,
                error, null);
        String traceback = "Traceback (most recent call last):\ncelery.exceptions.ChordError: " + message + "\n";
        if (backend != null) {
            // The errback group is the callback's child, as a Python worker records it (test_chord_on_error).
            List<@Nullable Object> children = errbacks == null ? List.of() : Collections.singletonList(errbacks);
            backend.store(new ResultMeta(callbackId, TaskState.FAILURE, error, traceback, children,
                    clock.instant(), null, null, null));
        }
        failChain(SignatureDicts.many(body.options().get("chain")), error, traceback);
    }

    /**
     * Mirrors celery/backends/base.py _fail_chain (5.7): every later chain step with an id gets the failure, so the
     * step a client or an enclosing group waits on completes; a chord step completes only when its body does, so
     * the failure descends into the body (Celery issue #9674).
     */
    void failChain(List<Signature> chain, @Nullable Object error, @Nullable String traceback) {
        if (backend == null) {
            return;
        }
        Deque<Signature> steps = new ArrayDeque<>(chain);
        while (!steps.isEmpty()) {
            Signature step = steps.poll();
            String id = step.taskId();
            Object chord = step.options().get("chord");
            // A step that is a chord member returns its part too, unless it already failed (and so returned it).
            boolean alreadyFailed = chord != null && id != null && backend.get(id) != null
                    && backend.get(id).status() == TaskState.FAILURE;
            if (id != null) {
                backend.store(new ResultMeta(id, TaskState.FAILURE, error, traceback, List.of(), clock.instant(),
                        null, null, null));
            }
            if (chord != null && id != null && !alreadyFailed && step.options().get("group_id") instanceof String g) {
                Integer index = step.options().get("group_index") instanceof Number n ? n.intValue() : null;
                chordPart(SignatureDicts.fromDict(chord), g, id, index, TaskState.FAILURE, error,
                        new TaskParent(id, null));
            }
            Signature body = step.isChord() ? step.body() : null;
            if (body != null) {
                steps.add(body);
            }
        }
    }
}
