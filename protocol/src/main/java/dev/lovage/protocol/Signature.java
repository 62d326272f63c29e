package dev.lovage.protocol;

import dev.lovage.protocol.codec.PyFormat;
import dev.lovage.protocol.internal.CanvasComposer;
import dev.lovage.protocol.codec.SignatureDicts;
import dev.lovage.protocol.internal.SignatureEdits;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Celery signature: one task call, or a canvas ({@link Canvas#chain chain}, {@link Canvas#group group},
 * {@link Canvas#chord chord}) nested freely. It is the dict Python's {@code celery.canvas.Signature} is, {@code {"task",
 * "args", "kwargs", "options", "subtask_type", "immutable"}}, so {@link #toDict()} and {@link #fromDict(Object)} carry
 * canvases through task arguments and results in both directions, and the worker and the client apply the same value.
 *
 * <p>Immutable and thread-safe: every {@code with...}/option method returns a new signature. Options are Celery's
 * {@code apply_async} options under their Python names ({@code queue}, {@code countdown}, {@code link}...). Nested
 * signatures (a chain's or group's {@code tasks}, a chord's {@code header} and {@code body}, the {@code link},
 * {@code link_error}, {@code chord} and {@code chain} options) are held as {@code Signature}s when built through this
 * API or read by {@link #fromDict}. Values may be JSON nulls, so the collections tolerate null elements.
 *
 * @param extra keys beyond the six standard ones (for example {@code chord_size}), kept for round trips
 * @since 0.1
 */
public record Signature(String task, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
        Map<String, @Nullable Object> options, @Nullable String subtaskType, boolean immutable,
        Map<String, @Nullable Object> extra) {

    public Signature {
        args = Collections.unmodifiableList(new ArrayList<>(args));
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** {@code task.s(*args)}: a plain signature with no kwargs and no options. */
    public static Signature of(String task, @Nullable Object... args) {
        return new Signature(task, Arrays.asList(args), Map.of(), Map.of(), null, false, Map.of());
    }

    /**
     * {@code task.s(*args, **kwargs)}.
     *
     * @since 0.2
     */
    public static Signature of(String task, List<?> args, Map<String, ?> kwargs) {
        return new Signature(task, new ArrayList<>(args), new LinkedHashMap<>(kwargs), Map.of(), null, false,
                Map.of());
    }

    /**
     * A signature from the dict Python writes (celery/canvas.py {@code Signature.from_dict}): a Map, or a
     * Signature, which is returned as it is. Missing or null args, kwargs and options are empty; nested signatures
     * in the standard places become {@code Signature}s.
     *
     * @throws ProtocolException INVALID_TASK when it is not a mapping or has no task name
     * @since 0.2
     */
    public static Signature fromDict(@Nullable Object dict) {
        return SignatureDicts.fromDict(dict);
    }

    /**
     * The dict Python's Signature is, with nested signatures as dicts too: keys {@code task, args, kwargs, options,
     * subtask_type, immutable} in that order, then {@link #extra()}. A new modifiable map on every call.
     *
     * @since 0.2
     */
    public Map<String, @Nullable Object> toDict() {
        return SignatureDicts.toDict(this);
    }

    /** The pre-assigned id in {@code options.task_id}, or null. */
    public @Nullable String taskId() {
        return options.get("task_id") instanceof String id ? id : null;
    }

    /** True for a chain ({@code subtask_type "chain"}). @since 0.2 */
    public boolean isChain() {
        return "chain".equals(subtaskType) || "celery.chain".equals(task) && subtaskType == null
                && kwargs.containsKey("tasks");
    }

    /** True for a group ({@code subtask_type "group"}). @since 0.2 */
    public boolean isGroup() {
        return "group".equals(subtaskType) || "celery.group".equals(task) && subtaskType == null
                && kwargs.containsKey("tasks");
    }

    /** True for a chord ({@code subtask_type "chord"}). @since 0.2 */
    public boolean isChord() {
        return "chord".equals(subtaskType) || "celery.chord".equals(task) && subtaskType == null
                && kwargs.containsKey("header");
    }

    /**
     * The members: a chain's steps or a group's tasks in order, a chord's header tasks; empty for a plain task.
     *
     * @since 0.2
     */
    public List<Signature> tasks() {
        return SignatureDicts.members(this);
    }

    /** A chord's body, or null for anything else. @since 0.2 */
    public @Nullable Signature body() {
        Object body = isChord() ? kwargs.get("body") : null;
        return body == null ? null : fromDict(body);
    }

    /** A copy with these positional args. @since 0.2 */
    public Signature withArgs(List<?> newArgs) {
        return new Signature(task, new ArrayList<>(newArgs), kwargs, options, subtaskType, immutable, extra);
    }

    /** A copy with these keyword args. @since 0.2 */
    public Signature withKwargs(Map<String, ?> newKwargs) {
        return new Signature(task, args, new LinkedHashMap<>(newKwargs), options, subtaskType, immutable, extra);
    }

    /** A copy with one keyword arg added or replaced. @since 0.2 */
    public Signature withKwarg(String name, @Nullable Object value) {
        Map<String, @Nullable Object> k = new LinkedHashMap<>(kwargs);
        k.put(name, value);
        return withKwargs(k);
    }

    /** Python's {@code sig.set(name=value)}: one apply option added or replaced. @since 0.2 */
    public Signature set(String option, @Nullable Object value) {
        Map<String, @Nullable Object> o = new LinkedHashMap<>(options);
        o.put(option, value);
        return new Signature(task, args, kwargs, o, subtaskType, immutable, extra);
    }

    /** Python's {@code sig.set(**options)}. @since 0.2 */
    public Signature set(Map<String, ?> newOptions) {
        Map<String, @Nullable Object> o = new LinkedHashMap<>(options);
        o.putAll(newOptions);
        return new Signature(task, args, kwargs, o, subtaskType, immutable, extra);
    }

    /** The queue to publish to ({@code queue}). @since 0.2 */
    public Signature queue(String queue) {
        return set("queue", queue);
    }

    /** The exchange ({@code exchange}); with {@link #routingKey}, published as given. @since 0.2 */
    public Signature exchange(String exchange) {
        return set("exchange", exchange);
    }

    /** The routing key ({@code routing_key}). @since 0.2 */
    public Signature routingKey(String routingKey) {
        return set("routing_key", routingKey);
    }

    /** Run no sooner than {@code delay} after publishing ({@code countdown}, in seconds). @since 0.2 */
    public Signature countdown(Duration delay) {
        return set("countdown", seconds(delay));
    }

    /** Run no sooner than {@code time} ({@code eta}, an aware datetime). @since 0.2 */
    public Signature eta(Instant time) {
        return set("eta", OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    /** Discard if not started within {@code after} of publishing ({@code expires}, seconds). @since 0.2 */
    public Signature expires(Duration after) {
        return set("expires", seconds(after));
    }

    /** Discard if not started by {@code time} ({@code expires}, an aware datetime). @since 0.2 */
    public Signature expires(Instant time) {
        return set("expires", OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    /** The message priority, 0 to 255 ({@code priority}). @since 0.2 */
    public Signature priority(int priority) {
        return set("priority", priority);
    }

    /** The hard time limit ({@code time_limit}, seconds). @since 0.2 */
    public Signature timeLimit(Duration limit) {
        return set("time_limit", seconds(limit));
    }

    /** The soft time limit ({@code soft_time_limit}, seconds). @since 0.2 */
    public Signature softTimeLimit(Duration limit) {
        return set("soft_time_limit", seconds(limit));
    }

    /**
     * The publish retry policy ({@code retry_policy}): how often and how long a publish is retried while the broker
     * is unreachable. Unset, the client's {@code task_publish_retry_policy} applies.
     *
     * @since 0.2
     */
    public Signature retryPolicy(int maxRetries, Duration intervalStart, Duration intervalStep,
            Duration intervalMax) {
        Map<String, @Nullable Object> p = new LinkedHashMap<>();
        p.put("max_retries", maxRetries);
        p.put("interval_start", seconds(intervalStart));
        p.put("interval_step", seconds(intervalStep));
        p.put("interval_max", seconds(intervalMax));
        return set("retry_policy", p);
    }

    /** Custom message headers ({@code headers}), merged at the top level of the task headers. @since 0.2 */
    public Signature headers(Map<String, ?> headers) {
        return set("headers", new LinkedHashMap<>(headers));
    }

    /** Ask the worker not to store the result ({@code ignore_result}). @since 0.2 */
    public Signature ignoreResult(boolean ignore) {
        return set("ignore_result", ignore);
    }

    /** The name shown in logs and events instead of the task name ({@code shadow}). @since 0.2 */
    public Signature shadow(String name) {
        return set("shadow", name);
    }

    /** The id the task (or the canvas's result) will have ({@code task_id}). @since 0.2 */
    public Signature withTaskId(String id) {
        return set("task_id", id);
    }

    /**
     * Python's {@code sig.link(callback)}: applied with this task's result in front of its args when it succeeds.
     * A chord links its body; a group its first task, with an immutable copy, as Celery does.
     *
     * @since 0.2
     */
    public Signature link(Signature callback) {
        return SignatureEdits.link(this, callback);
    }

    /** Python's {@code sig.link_error(errback)}: applied with the failed task's id when it fails. @since 0.2 */
    public Signature linkError(Signature errback) {
        return SignatureEdits.linkError(this, errback);
    }

    /**
     * Python's {@code sig.set(immutable=...)}: an immutable signature ignores the partial args it is applied with
     * ({@code .si()}). A group or chord sets it on its (header) tasks.
     *
     * @since 0.2
     */
    public Signature withImmutable(boolean value) {
        return SignatureEdits.immutable(this, value);
    }

    /**
     * Python's {@code sig.stamp(**stamps)} without a visitor: each stamp becomes an option and its name joins
     * {@code stamped_headers}, on this signature, its links and its members; the message carries them as headers
     * {@code stamped_headers} and {@code stamps}.
     *
     * @since 0.2
     */
    public Signature stamp(Map<String, ?> stamps) {
        return SignatureEdits.stamp(this, stamps);
    }

    /**
     * Python's {@code sig.clone(args, kwargs)}: partial args go in front of this signature's args and kwargs are
     * merged, unless it is immutable.
     *
     * @since 0.2
     */
    public Signature clone(List<?> partialArgs, Map<String, ?> partialKwargs) {
        return SignatureEdits.clone(this, partialArgs, partialKwargs);
    }

    /**
     * Python's {@code self | next}: a chain, flattened; a group followed by a task becomes a chord, and so does a
     * chain that ends in a group; a task after a chord goes into the chord's body.
     *
     * @since 0.2
     */
    public Signature then(Signature next) {
        return CanvasComposer.or(this, next);
    }

    private static Object seconds(Duration d) {
        return PyFormat.seconds(d);
    }
}
