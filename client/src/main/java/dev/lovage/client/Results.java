package dev.lovage.client;

import dev.lovage.client.internal.ClientCore;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.ResultRef;
import dev.lovage.worker.PythonException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Result objects from result trees, and values (or exceptions) from stored results. */
final class Results {
    private Results() {
    }

    /** {@code result_from_tuple}: an AsyncResult or GroupResult, with its parents. */
    static CeleryResult of(ClientCore core, ResultRef ref, @Nullable String name) {
        CeleryResult parent = ref.parent() == null ? null : of(core, ref.parent(), null);
        if (ref.children() != null) {
            List<CeleryResult> members = new ArrayList<>();
            ref.children().forEach(c -> members.add(of(core, c, null)));
            return new GroupResult(core, ref.id(), members, parent);
        }
        return new AsyncResult(core, ref.id(), parent, name);
    }

    /** The value of a ready result; a FAILURE or REVOKED is thrown as the Python exception it stores. */
    static @Nullable Object value(ResultMeta meta) {
        return switch (meta.status()) {
            case FAILURE, REVOKED -> throw exception(meta);
            default -> meta.result();
        };
    }

    static PythonException exception(ResultMeta meta) {
        if (meta.result() instanceof ExceptionInfo info) {
            return PythonException.of(info, meta.traceback());
        }
        return new PythonException("builtins", "Exception", List.of(String.valueOf(meta.result())),
                meta.traceback());
    }
}
