package dev.lovage.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a running task knows of its own place in a canvas, from its message ({@code self.request} in Celery): what
 * {@code Task.replace} and {@code Task.add_to_chord} carry over to the signatures they send. Immutable.
 *
 * @param chord     the chord body when the task is a chord header member ({@code request.chord}), else null
 * @param callbacks its links ({@code request.callbacks})
 * @param errbacks  its error links ({@code request.errbacks})
 * @param chain     the rest of its chain as the message carries it, next step last ({@code request.chain})
 * @since 0.2
 */
public record RunningTask(String id, @Nullable String rootId, @Nullable String group, @Nullable Integer groupIndex,
        @Nullable Signature chord, List<Signature> callbacks, List<Signature> errbacks, List<Signature> chain,
        int replacedTaskNesting) {

    public RunningTask {
        callbacks = List.copyOf(callbacks);
        errbacks = List.copyOf(errbacks);
        chain = List.copyOf(chain);
    }

    /** The running task of a decoded message. */
    public static RunningTask of(TaskMessage message) {
        TaskHeaders h = message.headers();
        Embed e = message.body().embed();
        Object nesting = h.extra().get("replaced_task_nesting");
        return new RunningTask(h.id(), h.rootId(), h.group(), h.groupIndex(), e.chord(), e.callbacks(),
                e.errbacks(), e.chain(), nesting instanceof Number n ? n.intValue() : 0);
    }

    /** This task as the parent of what it sends. */
    public TaskParent asParent() {
        return new TaskParent(id, rootId);
    }
}
