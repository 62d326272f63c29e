package dev.lovage.worker;

import org.jspecify.annotations.Nullable;

/**
 * The body of a task. Return the result (any JSON-able value: null, Boolean, Number, String, List, Map, java.time
 * values, BigDecimal, UUID, byte[]); throw to fail. Called on a task thread; a handler may block.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TaskHandler {
    @Nullable Object handle(TaskContext ctx, TaskArgs args) throws Exception;
}
