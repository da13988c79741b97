namespace Sala.Registry.Redis;

/// <summary>
/// The Lua scripts that make each registry change atomic in Redis. A registration is a hash (<c>n</c> name as
/// registered, <c>a</c> address, <c>p</c> port, <c>o</c> owner token, <c>i</c> the proven identity's fingerprint or
/// empty) whose key expires with its lease; an index
/// sorted set maps each name key to its lease's expiry time (Redis clock, ms) so LIST can walk it with ZSCAN
/// instead of KEYS. Every script that writes a user key keeps the index in step; entries of expired keys are
/// trimmed by the renewal script and skipped by LIST.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: user, index. ARGV: name, ip, port, owner, ttl ms, member, identity. 1 claimed, 2 already this owner's (fields rewritten), 0 taken.</summary>
    public const string Claim = """
        local owner = redis.call('HGET', KEYS[1], 'o')
        if owner and owner ~= ARGV[4] then return 0 end
        redis.call('HSET', KEYS[1], 'n', ARGV[1], 'a', ARGV[2], 'p', ARGV[3], 'o', ARGV[4], 'i', ARGV[7])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        local t = redis.call('TIME')
        redis.call('ZADD', KEYS[2], t[1] * 1000 + math.floor(t[2] / 1000) + ARGV[5], ARGV[6])
        if owner then return 2 end
        return 1
        """;

    /// <summary>KEYS: user, index. ARGV: owner, member. 1 removed, 0 not found, -1 someone else's.</summary>
    public const string RemoveIfOwner = """
        local owner = redis.call('HGET', KEYS[1], 'o')
        if not owner then return 0 end
        if owner ~= ARGV[1] then return -1 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS: index, then the user keys. ARGV: ttl ms, then owner and member per user key. Returns per user key:
    /// 1 renewed, 0 missing (expired, or Redis lost it), -1 now someone else's. Also trims index entries that
    /// expired more than a second ago (the second keeps entries whose key Redis has not yet expired).
    /// </summary>
    public const string Renew = """
        local ttl = tonumber(ARGV[1])
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local result = {}
        for i = 2, #KEYS do
          local owner = redis.call('HGET', KEYS[i], 'o')
          if not owner then
            result[i - 1] = 0
          elseif owner ~= ARGV[2 * i - 2] then
            result[i - 1] = -1
          else
            redis.call('PEXPIRE', KEYS[i], ttl)
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[2 * i - 1])
            result[i - 1] = 1
          end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - 1000))
        return result
        """;
}
