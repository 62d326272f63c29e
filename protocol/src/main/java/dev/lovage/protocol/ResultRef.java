package dev.lovage.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the results of an applied signature will be: Celery's {@code AsyncResult} (a task id) or {@code GroupResult}
 * (a group id and its members), each with the result it follows in a chain as {@code parent}. Its tuple form is
 * Celery's {@code as_tuple()}, {@code [[id, parent], children]}, which is what result documents hold in
 * {@code children} and a saved group holds in {@code celery-taskset-meta-<id>}.
 *
 * <p>Immutable.
 *
 * @param children the members of a group result; null for a task result
 * @since 0.2
 */
public record ResultRef(String id, @Nullable ResultRef parent, @Nullable List<ResultRef> children) {

    public ResultRef {
        if (children != null) {
            children = Collections.unmodifiableList(new ArrayList<>(children));
        }
    }

    /** The result of one task, with no parent. */
    public static ResultRef task(String id) {
        return new ResultRef(id, null, null);
    }

    /** The result of a group of these members, with no parent. */
    public static ResultRef group(String id, List<ResultRef> members) {
        return new ResultRef(id, null, members);
    }

    /** True for a GroupResult. */
    public boolean isGroup() {
        return children != null;
    }

    /** {@code as_tuple()}: {@code [[id, parent tuple or null], [member tuples] or null]}. */
    public List<@Nullable Object> asTuple() {
        List<@Nullable Object> kids = null;
        if (children != null) {
            kids = new ArrayList<>();
            for (ResultRef c : children) {
                kids.add(c.asTuple());
            }
        }
        return Arrays.asList(Arrays.asList(id, parent == null ? null : parent.asTuple()), kids);
    }

    /**
     * {@code result_from_tuple}: the tuple form back, as stored in {@code children} or a saved group. A bare id in
     * the first place (old documents) is a task result with no parent.
     *
     * @throws ProtocolException DECODE_ERROR for anything that is not a result tuple
     */
    public static ResultRef fromTuple(@Nullable Object tuple) {
        if (!(tuple instanceof List<?> pair) || pair.size() != 2) {
            throw new ProtocolException(ProtocolException.Reason.DECODE_ERROR, "not a result tuple: " + tuple);
        }
        Object head = pair.get(0);
        String id;
        ResultRef parent = null;
        if (head instanceof List<?> idAndParent && !idAndParent.isEmpty()) {
            id = String.valueOf(idAndParent.get(0));
            if (idAndParent.size() > 1 && idAndParent.get(1) != null) {
                parent = fromTuple(idAndParent.get(1));
            }
        } else if (head != null) {
            id = head.toString();
        } else {
            throw new ProtocolException(ProtocolException.Reason.DECODE_ERROR, "a result tuple without an id");
        }
        List<ResultRef> members = null;
        if (pair.get(1) instanceof List<?> nodes) {
            members = new ArrayList<>();
            for (Object n : nodes) {
                members.add(fromTuple(n));
            }
        }
        return new ResultRef(id, parent, members);
    }
}
