package dev.lovage.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A protocol v2 body {@code [args, kwargs, embed]}. Args and kwargs may hold JSON nulls; values are plain Java as
 * {@link dev.lovage.protocol.codec.PyJson#read} describes. Immutable at the top level (unmodifiable copies).
 *
 * @since 0.1
 */
public record TaskBody(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs, Embed embed) {
    public TaskBody {
        args = Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }
}
