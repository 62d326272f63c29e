package dev.lovage.backend.redis.internal;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ResultRef;
import dev.lovage.protocol.codec.PyJson;
import dev.lovage.worker.BackendException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Saved groups and the chord operations a producer performs, as celery/backends/base.py and redis.py do them:
 * {@code _save_group} (SETEX with the result expiry and PUBLISH, like a stored result), {@code _restore_group},
 * {@code _delete_group}, {@code apply_chord}'s header save (SET with the chord expiry, no publish) and
 * {@code add_to_chord} (INCR of the join's {@code .t}). Thread-safe.
 */
public final class GroupStore {
    private final ConnectionRetry redis;
    private final Keys keys;
    private final long expiresSeconds;

    public GroupStore(ConnectionRetry redis, Keys keys, long expiresSeconds) {
        this.redis = redis;
        this.keys = keys;
        this.expiresSeconds = expiresSeconds;
    }

    public void save(String groupId, ResultRef result) {
        String key = keys.group(groupId);
        String json = encode(result);
        redis.run("save group " + groupId, r -> {
            if (expiresSeconds > 0) {
                r.setex(key, expiresSeconds, json);
            } else {
                r.set(key, json);
            }
            return r.publish(key, json);
        });
    }

    public @Nullable ResultRef restore(String groupId) {
        String json = redis.run("restore group " + groupId, r -> r.get(keys.group(groupId)));
        if (json == null) {
            return null;
        }
        try {
            if (PyJson.read(json) instanceof Map<?, ?> meta && meta.containsKey("result")) {
                return ResultRef.fromTuple(meta.get("result"));
            }
        } catch (ProtocolException e) {
            throw new BackendException("the saved group " + groupId + " is not a group result: " + e.getMessage(),
                    e, false);
        }
        throw new BackendException("the saved group " + groupId + " is not a group result: " + json, null, false);
    }

    public void delete(String groupId) {
        redis.run("delete group " + groupId, r -> r.del(keys.group(groupId)));
    }

    public void saveChordHeader(String groupId, ResultRef header) {
        String key = keys.group(groupId);
        String json = encode(header);
        redis.run("save the header of chord " + groupId, r -> expiresSeconds > 0 ? r.setex(key, expiresSeconds, json)
                : r.set(key, json));
    }

    public void addToChord(String groupId) {
        redis.run("add a task to chord " + groupId, r -> r.incr(keys.group(groupId) + ".t"));
    }

    // Mirrors self.encode({'result': result.as_tuple()}).
    private static String encode(ResultRef result) {
        return PyJson.write(Map.of("result", result.asTuple()));
    }
}
