package dev.lovage.broker.redis.internal;

/**
 * The Lua scripts of the transport. Each replaces one of kombu's WATCH/MULTI transactions (or a command pair) with
 * one atomic step, so they are safe on Lettuce's shared connection and leave Redis exactly as kombu would. Lua
 * never re-encodes a message: cjson would rewrite numbers and empty lists, so scripts only read JSON and store the
 * texts they were given.
 */
final class Scripts {
    private Scripts() {
    }

    // The unacked record kombu's QoS.append writes, json.dumps([message, exchange, routing_key]), built around the
    // element's own text; exchange and routing key come from its delivery_info.
    private static final String RECORD_FUNCTION = """
            local function kombu_record(item, env)
              local info = env.properties.delivery_info
              local ex, rk = '', ''
              if type(info) == 'table' then
                if type(info.exchange) == 'string' then ex = info.exchange end
                if type(info.routing_key) == 'string' then rk = info.routing_key end
              end
              return '[' .. item .. ', ' .. cjson.encode(ex) .. ', ' .. cjson.encode(rk) .. ']'
            end
            """;

    /**
     * Pop and record in one step: kombu BRPOPs and then, in a second transaction, writes {@code unacked} and
     * {@code unacked_index} (redis.py QoS.append), so a crash between the two loses the message. Here nothing can
     * come between. KEYS: unacked, unacked_index, then the lists in BRPOP order (priority-major, ARGV[3] queues
     * per step). ARGV: most messages, the score (Unix seconds), queue count, 'round_robin' to rotate the queue
     * just served to the end as kombu's round_robin_cycle does, '1' to record (ack emulation). Returns, per
     * message: the queue's 1-based index, the element, its tag (nil without one) and the SHA-1 of the record.
     */
    static final Script POP = new Script(RECORD_FUNCTION + """
            local max, queues = tonumber(ARGV[1]), tonumber(ARGV[3])
            local steps = (#KEYS - 2) / queues
            local order = {}
            for i = 1, queues do order[i] = i end
            local out = {}
            local n = 0
            while n < max do
              local item, at
              for s = 0, steps - 1 do
                for p = 1, queues do
                  item = redis.call('RPOP', KEYS[2 + s * queues + order[p]])
                  if item then at = p break end
                end
                if item then break end
              end
              if not item then break end
              local queue = order[at]
              if ARGV[4] == 'round_robin' then
                table.remove(order, at)
                order[#order + 1] = queue
              end
              local tag, sha = false, false
              local ok, env = pcall(cjson.decode, item)
              if ok and type(env) == 'table' and type(env.properties) == 'table'
                  and type(env.properties.delivery_tag) == 'string' then
                tag = env.properties.delivery_tag
                if ARGV[5] == '1' then
                  local record = kombu_record(item, env)
                  redis.call('ZADD', KEYS[2], ARGV[2], tag)
                  redis.call('HSET', KEYS[1], tag, record)
                  sha = redis.sha1hex(record)
                end
              end
              out[#out + 1] = queue
              out[#out + 1] = item
              out[#out + 1] = tag
              out[#out + 1] = sha
              n = n + 1
            end
            return out
            """);

    /**
     * Ack (and reject without requeue) of many messages, each only if its record is still the one this consumer
     * wrote (the SHA-1 it got from POP): after a lost lease another consumer may have popped a restored copy under
     * the same tag, and its record must survive this ack (kombu#1805 lost messages that way). A record already gone
     * leaves nothing but a stray index entry, removed too. KEYS: unacked, unacked_index. ARGV: tag, SHA-1 pairs.
     * Returns how many records were removed.
     */
    static final Script ACK = new Script("""
            local removed = 0
            for i = 1, #ARGV, 2 do
              local record = redis.call('HGET', KEYS[1], ARGV[i])
              if not record then
                redis.call('ZREM', KEYS[2], ARGV[i])
              elseif redis.sha1hex(record) == ARGV[i + 1] then
                redis.call('HDEL', KEYS[1], ARGV[i])
                redis.call('ZREM', KEYS[2], ARGV[i])
                removed = removed + 1
              end
            end
            return removed
            """);

    /**
     * kombu's restore_by_tag (a WATCH/HGET/MULTI/ZREM/HDEL/push/EXEC transaction) as one step: if the record of
     * ARGV[1] still has SHA-1 ARGV[2], remove it and push ARGV[3] (the message marked redelivered) to every list in
     * KEYS[3..]; RPUSH (the head: consumed next) for a restore, LPUSH (the tail) for a requeue (ARGV[4] = 'L').
     * A record already gone only loses its index entry, as in kombu. Returns 1 when restored, 0 when the record was
     * gone, -1 when it changed (someone else restored and re-recorded it).
     */
    static final Script RESTORE = new Script("""
            local record = redis.call('HGET', KEYS[1], ARGV[1])
            if not record then
              redis.call('ZREM', KEYS[2], ARGV[1])
              return 0
            end
            if redis.sha1hex(record) ~= ARGV[2] then return -1 end
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            for i = 3, #KEYS do
              if ARGV[4] == 'L' then
                redis.call('LPUSH', KEYS[i], ARGV[3])
              else
                redis.call('RPUSH', KEYS[i], ARGV[3])
              end
            end
            return 1
            """);

    /**
     * Lease renewal: sets the {@code unacked_index} score of every held tag that still has a record to ARGV[1], so
     * no restorer (Python's or Lovage's, which only compare scores) takes a message a live consumer holds. KEYS:
     * unacked, unacked_index. ARGV: the score, then tags. Returns the tags whose record is gone.
     */
    static final Script RENEW = new Script("""
            local missing = {}
            for i = 2, #ARGV do
              if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 then
                redis.call('ZADD', KEYS[2], ARGV[1], ARGV[i])
              else
                missing[#missing + 1] = ARGV[i]
              end
            end
            return missing
            """);

    /**
     * Writes back the records of held messages after Redis lost its data (a restart without persistence), built as
     * POP builds them (so their SHA-1 is unchanged), so that a crash later still leaves them to be restored. Never
     * overwrites a record. KEYS: unacked, unacked_index. ARGV: the score, then tag, element pairs. Returns how many
     * were written.
     */
    static final Script RERECORD = new Script(RECORD_FUNCTION + """
            local written = 0
            for i = 2, #ARGV, 2 do
              local record = kombu_record(ARGV[i + 1], cjson.decode(ARGV[i + 1]))
              if redis.call('HSETNX', KEYS[1], ARGV[i], record) == 1 then
                redis.call('ZADD', KEYS[2], ARGV[1], ARGV[i])
                written = written + 1
              end
            end
            return written
            """);

    /** Releases the restore lock if this process still holds it (redis-py's Lock.release). KEYS: mutex. */
    static final Script UNLOCK = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    /**
     * A binding of a queue without {@code x-expires}: kombu 5.7 adds the member to the table and to the permanent
     * set in one MULTI (redis.py _queue_bind); the permanent set keeps SWEEP_BINDINGS from deleting the table.
     * KEYS: table, permanent set. ARGV: member.
     */
    static final Script BIND = new Script("""
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1
            """);

    /**
     * A binding of a queue with {@code x-expires} (pidbox and reply queues), as kombu 5.7's REFRESH_BINDING: add the
     * member and move the exchange's deadline to ARGV[3] ms from now by the server's clock, never earlier. KEYS:
     * table, deadlines. ARGV: member, exchange, ttl ms.
     */
    static final Script REFRESH_BINDING = new Script("""
            redis.call('SADD', KEYS[1], ARGV[1])
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            redis.call('ZADD', KEYS[2], 'GT', ms + tonumber(ARGV[3]), ARGV[2])
            return 1
            """);

    /**
     * kombu 5.7's SWEEP_BINDINGS: for up to ARGV[3] exchanges whose deadline passed, delete the routing table
     * (ARGV[1] .. exchange) unless its permanent set (ARGV[2] .. exchange) exists, and drop the deadline. KEYS:
     * deadlines. Returns how many deadlines were dropped.
     */
    static final Script SWEEP_BINDINGS = new Script("""
            local now = redis.call('TIME')
            local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local overdue = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ms, 'LIMIT', 0, tonumber(ARGV[3]))
            for _, exchange in ipairs(overdue) do
              if redis.call('EXISTS', ARGV[2] .. exchange) == 0 then
                redis.call('DEL', ARGV[1] .. exchange)
              end
              redis.call('ZREM', KEYS[1], exchange)
            end
            return #overdue
            """);
}
