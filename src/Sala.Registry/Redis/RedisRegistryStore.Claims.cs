using Sala.Protocol.Registry;
using StackExchange.Redis;

namespace Sala.Registry.Redis;

/// <summary>
/// Name claims kept in the same Redis as the registrations, so every server sharing it refuses a claimed name alike:
/// one hash a name (<c>n</c> name as claimed, <c>k</c> the key, <c>t</c> last used, ms) that Redis expires when the
/// claim lapses unused, each renewal pushing the expiry back. A claim is as durable as the Redis it is in (its
/// <c>appendfsync</c>); the embedded store is the one that syncs each claim itself.
/// </summary>
public sealed partial class RedisRegistryStore
{
    /// <summary>Claims in this store's Redis, lapsing after <paramref name="lapseAfter"/> unused.</summary>
    public INameClaims NameClaims(TimeSpan lapseAfter, TimeProvider time) => new Claims(this, lapseAfter, time);

    private RedisKey ClaimKey(string name) => _options.KeyPrefix + "claim:" + UserName.Key(name);

    private sealed class Claims(RedisRegistryStore store, TimeSpan lapseAfter, TimeProvider time) : INameClaims
    {
        private static readonly RedisValue[] Fields = ["n", "k", "t"];

        /// <summary>KEYS: claim. ARGV: name, key, lapse ms, now ms. 1 claimed or renewed, 0 another key's.</summary>
        private const string Claim = """
            local k = redis.call('HGET', KEYS[1], 'k')
            if k and k ~= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[1], 'n', ARGV[1], 'k', ARGV[2], 't', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

        /// <summary>KEYS: claim. ARGV: key. 1 released, 0 not claimed, -1 another key's.</summary>
        private const string Release = """
            local k = redis.call('HGET', KEYS[1], 'k')
            if not k then return 0 end
            if k ~= ARGV[1] then return -1 end
            redis.call('DEL', KEYS[1])
            return 1
            """;

        public async ValueTask<NameClaim?> FindAsync(string name, CancellationToken cancellationToken = default)
        {
            var fields = await store.RunAsync(() => store._db.HashGetAsync(store.ClaimKey(name), Fields));
            return fields[1].IsNull
                ? null
                : new NameClaim((string)fields[0]!, (byte[])fields[1]!, DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]));
        }

        public async ValueTask<bool> ClaimAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var result = await store.RunAsync(() => store._db.ScriptEvaluateAsync(Claim, [store.ClaimKey(name)],
                [name, publicKey, (long)lapseAfter.TotalMilliseconds, now]));
            return (int)result == 1;
        }

        public async ValueTask<ReleaseOutcome> ReleaseAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default)
        {
            var result = (int)await store.RunAsync(() => store._db.ScriptEvaluateAsync(Release, [store.ClaimKey(name)], [publicKey]));
            return result switch
            {
                1 => ReleaseOutcome.Released,
                0 => ReleaseOutcome.NotClaimed,
                _ => ReleaseOutcome.OtherKey,
            };
        }
    }
}
