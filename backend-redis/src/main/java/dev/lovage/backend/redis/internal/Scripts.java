package dev.lovage.backend.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs Lua scripts by SHA, loading them on first use and again after Redis forgot them (a restart). */
public final class Scripts {
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    public <T> T run(RedisCommands<String, String> redis, String script, ScriptOutputType type, String[] keys,
            String... args) {
        String sha = shas.computeIfAbsent(script, redis::scriptLoad);
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            shas.put(script, redis.scriptLoad(script));
            return redis.evalsha(shas.get(script), type, keys, args);
        }
    }
}
