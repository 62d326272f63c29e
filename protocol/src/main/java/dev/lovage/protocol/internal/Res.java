package dev.lovage.protocol.internal;

import dev.lovage.protocol.ResultRef;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An AsyncResult or GroupResult while a canvas is applied: freezing returns these, and the chain code links them
 * through {@code parent} afterwards, as celery/canvas.py does. Not thread-safe.
 */
final class Res {
    final String id;
    @Nullable Res parent;
    final @Nullable List<Res> children;

    private Res(String id, @Nullable List<Res> children) {
        this.id = id;
        this.children = children;
    }

    static Res task(String id) {
        return new Res(id, null);
    }

    static Res group(String id, List<Res> children) {
        return new Res(id, new ArrayList<>(children));
    }

    ResultRef toRef() {
        List<ResultRef> kids = null;
        if (children != null) {
            kids = new ArrayList<>();
            for (Res c : children) {
                kids.add(c.toRef());
            }
        }
        return new ResultRef(id, parent == null ? null : parent.toRef(), kids);
    }
}
