using Microsoft.Data.Sqlite;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// Claims kept in a SQLite file (the server's <c>--data-dir</c>), so they survive a restart. Each claim is committed
/// with the journal synced (WAL, <c>synchronous=FULL</c>) before <see cref="ClaimAsync"/> returns: the server answers
/// <c>OK REGISTERED</c> only after, so a crash loses no claim it accepted. One connection, used under a lock: claims
/// are written once per registration, far from the registry's hot path.
/// </summary>
public sealed class SqliteNameClaims : INameClaims, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeSpan _lapseAfter;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public SqliteNameClaims(string path, TimeSpan lapseAfter, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(path);
        _lapseAfter = lapseAfter;
        _time = time;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=FULL");
        Execute("CREATE TABLE IF NOT EXISTS claims (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, public_key BLOB NOT NULL, last_used INTEGER NOT NULL)");
    }

    public ValueTask<NameClaim?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return ValueTask.FromResult(Live(UserName.Key(name)));
    }

    public ValueTask<bool> ClaimAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = UserName.Key(name);
            if (!NameClaim.Allows(Live(key), publicKey))
                return ValueTask.FromResult(false);
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO claims (name_key, name, public_key, last_used) VALUES ($key, $name, $publicKey, $lastUsed) "
                + "ON CONFLICT (name_key) DO UPDATE SET name = $name, public_key = $publicKey, last_used = $lastUsed";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$publicKey", publicKey);
            command.Parameters.AddWithValue("$lastUsed", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<ReleaseOutcome> ReleaseAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = UserName.Key(name);
            var outcome = NameClaim.Release(Live(key), publicKey);
            if (outcome == ReleaseOutcome.Released)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "DELETE FROM claims WHERE name_key = $key";
                command.Parameters.AddWithValue("$key", key);
                command.ExecuteNonQuery();
            }
            return ValueTask.FromResult(outcome);
        }
    }

    public void Dispose() => _connection.Dispose();

    private NameClaim? Live(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name, public_key, last_used FROM claims WHERE name_key = $key";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        var claim = new NameClaim(reader.GetString(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        return _time.GetUtcNow() - claim.LastUsed < _lapseAfter ? claim : null;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
