package dev.lovage.client;

import dev.lovage.client.internal.ClientCore;
import dev.lovage.protocol.ResultRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The results of a group, Celery's {@code GroupResult}: its id and its members in order. Get one from applying a
 * group, or with {@link CeleryClient#restoreGroup} after {@link #save()} (here or in Python).
 *
 * <p>Thread-safe; every call reads the backend.
 *
 * @since 0.2
 */
public final class GroupResult implements CeleryResult {
    private final ClientCore core;
    private final String id;
    private final List<CeleryResult> results;
    private final @Nullable CeleryResult parent;

    GroupResult(ClientCore core, String id, List<CeleryResult> results, @Nullable CeleryResult parent) {
        this.core = core;
        this.id = id;
        this.results = List.copyOf(results);
        this.parent = parent;
    }

    @Override
    public String id() {
        return id;
    }

    /** The members, in group order. */
    public List<CeleryResult> results() {
        return results;
    }

    /**
     * Waits for every member, in order, within {@code timeout} in all, and returns their values in group order
     * (Celery's {@code join}); a member that failed is thrown as its Python exception.
     */
    @Override
    public List<@Nullable Object> get(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<@Nullable Object> values = new ArrayList<>(results.size());
        for (CeleryResult r : results) {
            values.add(r.get(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        }
        return values;
    }

    /** How many members succeeded. */
    public int completedCount() {
        return (int) results.stream().filter(CeleryResult::successful).count();
    }

    @Override
    public boolean ready() {
        return results.stream().allMatch(CeleryResult::ready);
    }

    @Override
    public boolean successful() {
        return results.stream().allMatch(CeleryResult::successful);
    }

    @Override
    public boolean failed() {
        return results.stream().anyMatch(CeleryResult::failed);
    }

    /** Forgets every member's result (the saved group stays; see {@link #delete()}). */
    @Override
    public void forget() {
        results.forEach(CeleryResult::forget);
    }

    @Override
    public void revoke(boolean terminate) {
        List<String> ids = new ArrayList<>();
        collectIds(this, ids);
        core.revoke(ids, terminate, "SIGTERM");
    }

    private static void collectIds(CeleryResult r, List<String> into) {
        if (r instanceof GroupResult g) {
            g.results.forEach(m -> collectIds(m, into));
        } else {
            into.add(r.id());
        }
    }

    /**
     * Saves the group under {@code celery-taskset-meta-<id>}, as Python's {@code GroupResult.save()} does, so any
     * client, Python or Java, can restore it by id.
     */
    public void save() {
        core.requireBackend().saveGroup(id, toRef());
    }

    /** Deletes the saved group ({@code GroupResult.delete()}). */
    public void delete() {
        core.requireBackend().deleteGroup(id);
    }

    @Override
    public @Nullable CeleryResult parent() {
        return parent;
    }

    @Override
    public ResultRef toRef() {
        List<ResultRef> members = new ArrayList<>();
        results.forEach(r -> members.add(r.toRef()));
        return new ResultRef(id, parent == null ? null : parent.toRef(), members);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupResult g && g.id.equals(id) && g.results.equals(results);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "<GroupResult: " + id + " " + results + ">";
    }
}
