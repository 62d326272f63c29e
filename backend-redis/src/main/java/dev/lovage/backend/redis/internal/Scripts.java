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

    /** The SHA of {@code script}, loading it on first use. */
    public String sha(RedisCommands<String, String> redis, String script) {
        return shas.computeIfAbsent(script, redis::scriptLoad);
    }

    /** Loads {@code script} again (Redis forgot it) and returns its SHA. */
    public String reload(RedisCommands<String, String> redis, String script) {
        String sha = redis.scriptLoad(script);
        shas.put(script, sha);
        return sha;
    }

    /** True if {@code e} is Redis saying it does not know a script's SHA. */
    public static boolean isNoScript(Throwable e) {
        return e instanceof RedisNoScriptException || e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }
}
