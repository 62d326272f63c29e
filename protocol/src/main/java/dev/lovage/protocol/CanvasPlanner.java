package dev.lovage.protocol;

import dev.lovage.protocol.internal.Apply;
import dev.lovage.protocol.internal.TaskCanvas;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code sig.apply_async(args, kwargs, **options)} into the messages Python Celery 5.7 publishes for the same
 * call, field for field: protocol 2 headers in Celery's order (or protocol 1 on request), {@code root_id},
 * {@code parent_id}, {@code group}, {@code group_index}, the chain and chord embedding, {@code argsrepr} /
 * {@code kwargsrepr}, stamps, and the chord protocol of Celery's Redis backend (the chord size written before the
 * last header task). The same code applies canvases for the Lovage client and inside Lovage workers. No I/O: the
 * result is a {@link CanvasPlan} to perform.
 *
 * <p>Immutable and thread-safe once built; every plan is independent.
 *
 * @since 0.2
 */
public final class CanvasPlanner {
    private final TaskRoutes routes;
    private final int protocol;
    private final InstantSource clock;
    private final Supplier<String> ids;
    private final String origin;
    private final String replyTo;

    private CanvasPlanner(Builder b) {
        this.routes = b.routes;
        this.protocol = b.protocol;
        this.clock = b.clock;
        this.ids = b.ids;
        this.origin = b.origin;
        this.replyTo = b.replyTo;
    }

    /** A builder with Celery's defaults: queue {@code celery}, protocol 2, the system clock, random UUIDs. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code sig.apply_async()}. */
    public CanvasPlan plan(Signature sig) {
        return plan(sig, List.of(), Map.of(), Map.of(), null);
    }

    /**
     * {@code sig.apply_async(args, kwargs, **options)}, published from {@code parent} when it is not null.
     *
     * @param args    partial args, in front of the signature's own (ignored by an immutable signature)
     * @param kwargs  partial kwargs, merged over the signature's own
     * @param options apply options under Celery's names ({@code countdown}, {@code queue}, {@code chain}...)
     * @throws IllegalArgumentException naming the cause when an argument cannot be serialized as JSON, a time
     *         option is malformed, or Celery would refuse the call (a link on a group); nothing is planned then
     * @throws ProtocolException        for a malformed signature dict inside the canvas
     */
    public CanvasPlan plan(Signature sig, List<?> args, Map<String, ?> kwargs, Map<String, ?> options,
            @Nullable TaskParent parent) {
        Apply apply = new Apply(clock.instant(), ids, origin, replyTo, protocol, routes, parent);
        try {
            return apply.plan(sig, args, kwargs, options);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cannot apply " + sig.task() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Celery's {@code Task.replace(sig)} from the running {@code task}: the signature, frozen with the task's id so
     * that its final result is stored as the task's, carrying the task's chord, group, links, error links and the
     * rest of its chain. The task then ends without storing a result (Celery raises {@code Ignore}).
     *
     * @throws IllegalArgumentException for a signature that is part of a chord or an empty chain (Celery's
     *         ImproperlyConfigured), or an argument that cannot be serialized
     */
    public CanvasPlan replace(Signature sig, RunningTask task) {
        return TaskCanvas.replace(new Apply(clock.instant(), ids, origin, replyTo, protocol, routes, task.asParent()),
                sig, task);
    }

    /**
     * Celery's {@code Task.add_to_chord(sig)} from the running {@code task}: the signature joins the task's chord,
     * whose join is told to wait for one more result (a {@link PlanStep.AddToChord} step) before it is sent.
     *
     * @throws IllegalArgumentException when the task is not a member of a chord
     */
    public CanvasPlan addToChord(Signature sig, RunningTask task) {
        return TaskCanvas.addToChord(new Apply(clock.instant(), ids, origin, replyTo, protocol, routes,
                task.asParent()), sig, task);
    }

    /** The routes this planner sends tasks by. */
    public TaskRoutes routes() {
        return routes;
    }

    /**
     * Builds a {@link CanvasPlanner}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private TaskRoutes routes = TaskRoutes.defaultQueue("celery");
        private int protocol = 2;
        private InstantSource clock = InstantSource.system();
        private Supplier<String> ids = () -> UUID.randomUUID().toString();
        private String origin = "gen" + ProcessHandle.current().pid() + "@" + hostName();
        private String replyTo = threadOid();

        private Builder() {
        }

        /** {@code task_routes} and {@code task_default_queue}. */
        public Builder routes(TaskRoutes v) {
            routes = Objects.requireNonNull(v);
            return this;
        }

        /** {@code task_protocol}: 2 (default) or 1. */
        public Builder taskProtocol(int v) {
            if (v != 1 && v != 2) {
                throw new IllegalArgumentException("task_protocol must be 1 or 2, got " + v);
            }
            protocol = v;
            return this;
        }

        /** The clock that turns countdown and expires into times. */
        public Builder clock(InstantSource v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        /** Where new task and group ids come from (random UUIDs by default). */
        public Builder ids(Supplier<String> v) {
            ids = Objects.requireNonNull(v);
            return this;
        }

        /** The {@code origin} header, {@code gen<pid>@<host>} by default. */
        public Builder origin(String v) {
            origin = Objects.requireNonNull(v);
            return this;
        }

        /** The {@code reply_to} property: the producer's oid, a name-based UUID of host, pid and instance. */
        public Builder replyTo(String v) {
            replyTo = Objects.requireNonNull(v);
            return this;
        }

        public CanvasPlanner build() {
            return new CanvasPlanner(this);
        }

        // No name lookup here (this module does no I/O): the client and worker pass their real node name.
        private static String hostName() {
            String host = System.getenv("HOSTNAME");
            return host == null || host.isBlank() ? "localhost" : host;
        }

        // Celery's oid is uuid3(NAMESPACE_OID, "<node>-<pid>-<thread>-<id(app)>"): a stable name-based UUID.
        private static String threadOid() {
            String seed = hostName() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
