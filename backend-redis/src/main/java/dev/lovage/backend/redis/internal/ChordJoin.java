package dev.lovage.backend.redis.internal;

import dev.lovage.protocol.codec.ResultMetaCodec;
import dev.lovage.protocol.TaskState;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.ChordBackend.Join;
import dev.lovage.worker.ChordBackend.Part;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Redis side of {@code dev.lovage.worker.ChordBackend}: Celery 5.7's native chord join on the keys
 * {@code celery-taskset-meta-<gid>.j/.t/.s/.d/.c}, through the scripts in {@link ChordScripts}. Thread-safe.
 */
public final class ChordJoin {
    // Celery 5.7: the claim lasts twice result_chord_join_timeout (3 s), at least 5 s; the done marker 300 s.
    private static final long CLAIM_SECONDS = 6;
    private static final long DONE_SECONDS = 300;

    private final ConnectionRetry redis;
    private final Scripts scripts;
    private final Keys keys;
    private final long expiresSeconds;
    private final boolean ordered;

    /**
     * @param expiresSeconds result_expires in whole seconds, 0 for no expiry
     * @param ordered        result_chord_ordered: a sorted set (true, Celery's default) or a list
     */
    public ChordJoin(ConnectionRetry redis, Scripts scripts, Keys keys, long expiresSeconds, boolean ordered) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.expiresSeconds = expiresSeconds;
        this.ordered = ordered;
    }

    // Mirrors celery/backends/redis.py (5.7) on_chord_part_return: the part [1, id, state, result] in Python's
    // JSON goes into the join once per task id and index; the worker that completes the join claims it.
    public @Nullable Join addPart(String groupId, String taskId, @Nullable Integer groupIndex, TaskState state,
            @Nullable Object result) {
        if (groupId.isEmpty() || taskId.isEmpty()) {
            // As Python: no group or task id, nothing to join.
            return null;
        }
        String base = keys.group(groupId);
        String part = PyJson.write(Arrays.asList(1, taskId, state.name(), result));
        String token = UUID.randomUUID().toString().replace("-", "");
        String expires = Long.toString(expiresSeconds);
        List<Object> reply = redis.run("record chord part " + taskId, r -> scripts.run(r, ChordScripts.ADD_PART,
                ScriptOutputType.MULTI,
                new String[] {base + ".j", base + ".t", base + ".s", base + ".d", base, base + ".c"},
                taskId, part, ordered ? "1" : "0", groupIndex == null ? "+inf" : groupIndex.toString(),
                expires, expires, Long.toString(CLAIM_SECONDS), token));
        if (reply.size() < 4 || !Long.valueOf(1).equals(reply.get(3))) {
            return null;
        }
        List<Part> parts = new ArrayList<>(reply.size() - 4);
        for (Object member : reply.subList(4, reply.size())) {
            List<?> p = (List<?>) PyJson.read(String.valueOf(member));
            TaskState s = TaskState.valueOf(String.valueOf(p.get(2)));
            parts.add(new Part(String.valueOf(p.get(1)), s, ResultMetaCodec.resultOf(s, p.get(3))));
        }
        return new Join(token, parts);
    }

    public boolean extendClaim(String groupId, String claimToken, Duration ttl) {
        String base = keys.group(groupId);
        Long done = redis.run("extend the claim on chord " + groupId, r -> scripts.run(r,
                ChordScripts.EXTEND_CLAIM, ScriptOutputType.INTEGER, new String[] {base + ".c", base + ".s"},
                claimToken, Long.toString(Math.max(1, ttl.toSeconds()))));
        return done != null && done > 0;
    }

    public boolean finishChord(String groupId, String claimToken) {
        String base = keys.group(groupId);
        Long done = redis.run("clean up chord " + groupId, r -> scripts.run(r, ChordScripts.FINISH,
                ScriptOutputType.INTEGER, new String[] {base + ".c", base + ".j", base + ".t", base + ".s",
                        base + ".d"}, claimToken, Long.toString(DONE_SECONDS)));
        return done != null && done > 0;
    }

    public void abandonChord(String groupId) {
        String key = keys.group(groupId) + ".s";
        redis.run("drop the size of chord " + groupId, r -> r.del(key));
    }

    // Mirrors set_chord_size (5.7): a frozen chord applied again is a new run, so the done marker goes first.
    public void setChordSize(String groupId, int size) {
        String base = keys.group(groupId);
        redis.run("set the size of chord " + groupId, r -> {
            r.del(base + ".c");
            return expiresSeconds > 0 ? r.setex(base + ".s", expiresSeconds, Integer.toString(size))
                    : r.set(base + ".s", Integer.toString(size));
        });
    }
}
