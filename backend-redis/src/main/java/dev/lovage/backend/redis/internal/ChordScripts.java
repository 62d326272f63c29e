package dev.lovage.backend.redis.internal;

/**
 * The chord join of Celery 5.7's Redis backend (celery/backends/redis.py), as Lovage's own Lua scripts. The keys,
 * members, scores, expiries and markers are Celery's, so Python 5.7 workers and Lovage workers share one join:
 * {@code .j} the parts, {@code .d} the set of {@code <task id>:<score>} already recorded, {@code .s} the size,
 * {@code .t} extra parts, {@code .c} the claim of the worker that publishes the callback, then "done".
 */
public final class ChordScripts {
    private ChordScripts() {
    }

    /**
     * KEYS: .j .t .s .d group-key .c; ARGV: task id, part, ordered (1/0), score, expires, group expires,
     * claim expires, claim token. Returns {readycount (-1 when done), extra, size, claimed (1/0)}; when claimed,
     * the parts follow in join order.
     */
    public static final String ADD_PART = """
            local j, t, s, d, g, c = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
            if redis.call('GET', c) == 'done' then return {-1, false, false, 0} end
            local ordered = ARGV[3] == '1'
            local seen = ARGV[1] .. ':' .. ARGV[4]
            if redis.call('SISMEMBER', d, seen) == 0 then
              if ordered then redis.call('ZADD', j, ARGV[4], ARGV[2]) else redis.call('RPUSH', j, ARGV[2]) end
              redis.call('SADD', d, seen)
            end
            local ready
            if ordered then ready = redis.call('ZCOUNT', j, '-inf', '+inf') else ready = redis.call('LLEN', j) end
            local expires, group_expires = tonumber(ARGV[5]), tonumber(ARGV[6])
            if expires > 0 then
              redis.call('EXPIRE', j, expires)
              redis.call('EXPIRE', t, expires)
              redis.call('EXPIRE', s, expires)
              redis.call('EXPIRE', d, expires)
              if group_expires > 0 then redis.call('EXPIRE', g, group_expires) end
            end
            local extra = redis.call('GET', t)
            local size = redis.call('GET', s)
            if not size or ready ~= tonumber(size) + tonumber(extra or '0') then
              return {ready, extra, size, 0}
            end
            if not redis.call('SET', c, ARGV[8], 'NX', 'EX', tonumber(ARGV[7])) then
              return {ready, extra, size, 0}
            end
            local out = {ready, extra, size, 1}
            local parts
            if ordered then parts = redis.call('ZRANGE', j, 0, -1) else parts = redis.call('LRANGE', j, 0, -1) end
            for _, p in ipairs(parts) do out[#out + 1] = p end
            return out
            """;

    /** KEYS: .c .s; ARGV: token, seconds. Keeps (or takes back, while the join exists) the claim. */
    public static final String EXTEND_CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if current == ARGV[1] then return redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
            if not current and redis.call('EXISTS', KEYS[2]) == 1 then
              if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[2])) then return 1 end
            end
            return 0
            """;

    /**
     * KEYS: .c .j .t .s .d; ARGV: token, done seconds. Deletes the join and marks it done if still claimed: 1.
     * 2 when claim and join are gone already (a chord cleanup forgot the chord first); 0 when another worker holds it.
     */
    public static final String FINISH = """
            local current = redis.call('GET', KEYS[1])
            if current ~= ARGV[1] then
              if not current and redis.call('EXISTS', KEYS[2], KEYS[4], KEYS[5]) == 0 then return 2 end
              return 0
            end
            redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
            if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], 'done', 'EX', tonumber(ARGV[2])) end
            return 1
            """;

    /**
     * Lovage's chord cleanup. KEYS: header-id set, group meta, .j .t .s .d .c, pending zset; ARGV: task key
     * prefix, callback id, pending member. UNLINKs every recorded header result but the callback's, then the rest.
     */
    public static final String FORGET = """
            local ids = redis.call('SMEMBERS', KEYS[1])
            local n = 0
            local batch = {}
            for _, id in ipairs(ids) do
              if id ~= ARGV[2] then batch[#batch + 1] = ARGV[1] .. id end
              if #batch == 500 then n = n + redis.call('UNLINK', unpack(batch)); batch = {} end
            end
            if #batch > 0 then n = n + redis.call('UNLINK', unpack(batch)) end
            n = n + redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7])
            redis.call('ZREM', KEYS[8], ARGV[3])
            return n
            """;
}
