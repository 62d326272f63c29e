package dev.lovage.worker.internal;

import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.Signature;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.internal.TaskPublisher.Parent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The producer side of Celery's canvas, for the signatures a worker applies (chain steps, callbacks, chord bodies,
 * complex signatures inside a chain): after celery/canvas.py {@code chain.run}, {@code group._apply_tasks} and
 * {@code _chord.run}. Each method returns the result tuple Celery records in the parent's {@code children}.
 */
final class Canvas {
    private final TaskPublisher publisher;
    private final @Nullable ChordBackend chords;

    Canvas(TaskPublisher publisher, @Nullable ChordBackend chords) {
        this.publisher = publisher;
        this.chords = chords;
    }

    /** Applies any kind of signature with {@code partial} args in front; returns its result tuple. */
    List<@Nullable Object> apply(Signature sig, List<@Nullable Object> partial, Parent parent) {
        if (SignatureMaps.isChain(sig)) {
            return chain(sig, partial, parent);
        }
        if (SignatureMaps.isGroup(sig)) {
            return group(sig, members(sig), partial, parent, Map.of());
        }
        if (SignatureMaps.isChord(sig)) {
            return chord(sig, partial, parent, Map.of());
        }
        return tuple(publisher.publish(sig, partial, parent), null);
    }

    /** Publishes the first task of a chain, the others travelling in its embed chain in reverse order. */
    private List<@Nullable Object> chain(Signature sig, List<@Nullable Object> partial, Parent parent) {
        List<Signature> tasks = members(sig);
        if (tasks.isEmpty()) {
            return tuple(UUID.randomUUID().toString(), null);
        }
        List<Signature> rest = new ArrayList<>();
        for (Signature t : tasks.subList(1, tasks.size())) {
            rest.add(SignatureMaps.withOptions(t, Map.of("task_id", TaskPublisher.idOf(t))));
        }
        Collections.reverse(rest);
        Signature first = tasks.get(0);
        if (!rest.isEmpty()) {
            first = SignatureMaps.withOptions(first, Map.of("chain", SignatureDicts.toDicts(rest)));
        }
        return apply(first, partial, parent);
    }

    /** Publishes each member with {@code group} and {@code group_index}. */
    List<@Nullable Object> group(Signature sig, List<Signature> members, List<@Nullable Object> partial, Parent parent,
            Map<String, @Nullable Object> extra) {
        String gid = TaskPublisher.idOf(sig);
        List<@Nullable Object> results = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Map<String, @Nullable Object> options = new LinkedHashMap<>(extra);
            options.put("group_id", gid);
            options.put("group_index", i);
            results.add(apply(SignatureMaps.withOptions(members.get(i), options), partial, parent));
        }
        return tuple(gid, results);
    }

    /**
     * Publishes the header with the body frozen into each member's {@code chord}, the chord size set just before
     * the last member (celery/backends/redis.py {@code set_chord_size}, called from {@code group._apply_tasks}).
     *
     * @param bodyOptions extra options for the body: a chord nested in another chord's header passes the outer
     *                    group id, index and chord
     */
    private List<@Nullable Object> chord(Signature sig, List<@Nullable Object> partial, Parent parent,
            Map<String, @Nullable Object> bodyOptions) {
        Signature headerSig = header(sig.kwargs().get("header"));
        List<Signature> header = members(headerSig);
        Signature body = SignatureDicts.fromDict(sig.kwargs().get("body"));
        String gid = headerSig.taskId() != null ? headerSig.taskId() : UUID.randomUUID().toString();
        // Mirrors _chord.run: the chord's own task id is its body's, else the body keeps the one it was frozen with.
        String bodyId = sig.taskId() != null ? sig.taskId() : TaskPublisher.idOf(body);
        Map<String, @Nullable Object> frozen = new LinkedHashMap<>();
        // Mirrors _chord.run: the chord's own options (a chain tail, links, routing) go to the body.
        sig.options().forEach((k, v) -> {
            if (!List.of("task_id", "parent_id", "countdown", "eta", "root_id").contains(k)) {
                frozen.put(k, v);
            }
        });
        frozen.put("task_id", bodyId);
        frozen.put("group_id", gid);
        frozen.putAll(bodyOptions);
        body = SignatureMaps.withOptions(body, frozen);
        if (header.isEmpty()) {
            publisher.publish(body, List.of(List.of()), parent);
            return tuple(bodyId, null);
        }
        if (chords == null) {
            throw new IllegalStateException("applying a chord needs a result backend that joins chords");
        }
        Map<String, @Nullable Object> chordMap = SignatureDicts.toDict(body);
        List<@Nullable Object> results = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (i == header.size() - 1) {
                chords.setChordSize(gid, size(header));
            }
            Signature member = header.get(i);
            if (SignatureMaps.isChord(member)) {
                Map<String, @Nullable Object> outer = new LinkedHashMap<>();
                outer.put("group_id", gid);
                outer.put("group_index", i);
                outer.put("chord", chordMap);
                results.add(chord(member, partial, parent, outer));
                continue;
            }
            Map<String, @Nullable Object> options = new LinkedHashMap<>();
            options.put("group_id", gid);
            options.put("group_index", i);
            options.put("chord", chordMap);
            results.add(apply(SignatureMaps.withOptions(member, options), partial, parent));
        }
        // AsyncResult(body id, parent=GroupResult(header)).as_tuple()
        return Arrays.asList(Arrays.asList(bodyId, tuple(gid, results)), null);
    }

    /** Celery's {@code _chord._descend}: a plain task counts 1, a group its members, a chain its last step. */
    static int size(List<Signature> header) {
        int n = 0;
        for (Signature s : header) {
            if (SignatureMaps.isGroup(s)) {
                n += size(members(s));
            } else if (SignatureMaps.isChain(s)) {
                List<Signature> tasks = members(s);
                n += tasks.isEmpty() ? 0 : size(List.of(tasks.get(tasks.size() - 1)));
            } else {
                n += 1;
            }
        }
        return n;
    }

    private static Signature header(@Nullable Object v) {
        if (v instanceof List<?> l) {
            Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
            kwargs.put("tasks", l);
            return new Signature("celery.group", List.of(), kwargs, Map.of(), "group", false, Map.of());
        }
        return SignatureDicts.fromDict(v);
    }

    static List<Signature> members(Signature sig) {
        return SignatureDicts.many(sig.kwargs().get("tasks"));
    }

    /** {@code AsyncResult.as_tuple()} / {@code GroupResult.as_tuple()}: {@code [[id, parent], children]}. */
    static List<@Nullable Object> tuple(String id, @Nullable List<@Nullable Object> children) {
        return Arrays.asList(Arrays.asList(id, null), children);
    }
}
