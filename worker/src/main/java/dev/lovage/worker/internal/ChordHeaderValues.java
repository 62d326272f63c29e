package dev.lovage.worker.internal;

import dev.lovage.protocol.ResultRef;
import dev.lovage.worker.ChordBackend;
import dev.lovage.worker.ResultBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The values a chord's callback receives, from its completed join. Mirrors the end of Celery 5.7's Redis
 * {@code on_chord_part_return}: when the producer saved the header (its {@code apply_chord} does so when a header
 * member's result is itself a group, such as a chain ending in a group), the values keep that shape, a group's results
 * as one list ({@code [[42, 42]]}); otherwise they are the parts in header order ({@code [42, 42]}).
 */
final class ChordHeaderValues {
    private ChordHeaderValues() {
    }

    static List<@Nullable Object> of(@Nullable ResultBackend backend, String group, List<ChordBackend.Part> parts) {
        List<@Nullable Object> flat = new ArrayList<>(parts.size());
        Map<String, @Nullable Object> byId = new HashMap<>();
        for (ChordBackend.Part part : parts) {
            flat.add(part.result());
            byId.put(part.taskId(), part.result());
        }
        if (backend == null) {
            return flat;
        }
        ResultRef saved;
        try {
            saved = backend.restoreGroup(group);
        } catch (UnsupportedOperationException e) {
            return flat;
        }
        if (saved == null || saved.children() == null || saved.children().stream().noneMatch(ResultRef::isGroup)) {
            return flat;
        }
        List<@Nullable Object> shaped = new ArrayList<>();
        for (ResultRef member : saved.children()) {
            if (!add(member, byId, shaped)) {
                // A saved header that does not match this join (another chord's, or reused id): the parts as joined.
                return flat;
            }
        }
        return shaped;
    }

    // A group member becomes the list of its members' values; a task, its part's value.
    private static boolean add(ResultRef ref, Map<String, @Nullable Object> byId, List<@Nullable Object> into) {
        if (ref.children() == null) {
            if (!byId.containsKey(ref.id())) {
                return false;
            }
            into.add(byId.get(ref.id()));
            return true;
        }
        List<@Nullable Object> inner = new ArrayList<>();
        for (ResultRef member : ref.children()) {
            if (!add(member, byId, inner)) {
                return false;
            }
        }
        into.add(inner);
        return true;
    }
}
