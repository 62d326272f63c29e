package dev.lovage.broker.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA, loaded when Redis does not know it (first use, or after a restart). Thread-safe.
 */
public final class Script {
    private final String text;
    private final String sha;

    public Script(String text) {
        this.text = text;
        this.sha = sha1Hex(text);
    }

    /** Runs the script; {@code keys} get no prefix here, the caller has applied it. */
    public <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            redis.scriptLoad(text);
            return redis.evalsha(sha, type, keys, args);
        }
    }

    /** SHA-1 of the UTF-8 bytes of {@code value} in lower-case hex, as Lua's {@code redis.sha1hex} computes it. */
    public static String sha1Hex(String value) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
