package dev.lovage.backend.redis.internal;

/**
 * The chord join of celery/backends/redis.py as Lua scripts, so that it runs atomically on a connection shared by
 * many task threads. The keys, values, scores and expiries are Python's; two things are added for redelivery
 * safety: a part whose task id is already in the join is not added again, and only the call that adds the last
 * part is told to fire (a header task that runs twice can neither complete the chord early nor fire it twice).
 */
public final class ChordScripts {
    private ChordScripts() {
    }

    /**
     * KEYS: .j .t .s; ARGV: score, encoded part, task id, expires seconds ("0" = none), ordered ("1"/"0").
     * Returns {0} or {1, part, part, ...} in join order.
     */
    public static final String ADD_PART = """
            local ordered = ARGV[5] == '1'
            local existing
            if ordered then existing = redis.call('ZRANGE', KEYS[1], 0, -1)
            else existing = redis.call('LRANGE', KEYS[1], 0, -1) end
            local dup = false
            for _, m in ipairs(existing) do
              local ok, d = pcall(cjson.decode, m)
              if ok and type(d) == 'table' and d[2] == ARGV[3] then dup = true; break end
            end
            if not dup then
              if ordered then redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
              else redis.call('RPUSH', KEYS[1], ARGV[2]) end
            end
            local count
            if ordered then count = redis.call('ZCOUNT', KEYS[1], '-inf', '+inf')
            else count = redis.call('LLEN', KEYS[1]) end
            local t = redis.call('GET', KEYS[2])
            local s = redis.call('GET', KEYS[3])
            if ARGV[4] ~= '0' then
              redis.call('EXPIRE', KEYS[1], ARGV[4])
              redis.call('EXPIRE', KEYS[2], ARGV[4])
              redis.call('EXPIRE', KEYS[3], ARGV[4])
            end
            if dup or not s then return {0} end
            if count ~= tonumber(s) + tonumber(t or '0') then return {0} end
            local parts
            if ordered then parts = redis.call('ZRANGE', KEYS[1], 0, -1)
            else parts = redis.call('LRANGE', KEYS[1], 0, -1) end
            local out = {1}
            for _, m in ipairs(parts) do out[#out + 1] = m end
            return out
            """;

    /** KEYS: .s; ARGV: size, expires seconds ("0" = none). SETEX (or SET) plus PUBLISH, as RedisBackend.set. */
    public static final String SET_SIZE = """
            if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1])
            else redis.call('SETEX', KEYS[1], ARGV[2], ARGV[1]) end
            redis.call('PUBLISH', KEYS[1], ARGV[1])
            return 1
            """;
}
