using Microsoft.Data.Sqlite;

namespace Sala.Registry;

/// <summary>
/// Claims kept in a SQLite file (the server's <c>--data-dir</c>), so they survive a restart. Each claim is committed
/// with the journal synced (WAL, <c>synchronous=FULL</c>) before <see cref="LocalNameClaims.ClaimAsync"/> returns: the server answers
/// <c>OK REGISTERED</c> only after, so a crash loses no claim it accepted. One connection, used under a lock: claims
/// are written once per registration, far from the registry's hot path.
/// </summary>
public sealed class SqliteNameClaims : LocalNameClaims, IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteNameClaims(string path, TimeSpan lapseAfter, TimeProvider time)
        : base(lapseAfter, time)
    {
        ArgumentNullException.ThrowIfNull(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=FULL");
        Execute("CREATE TABLE IF NOT EXISTS claims (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, public_key BLOB NOT NULL, last_used INTEGER NOT NULL)");
    }

    public void Dispose() => _connection.Dispose();

    protected override NameClaim? Read(string key)
    {
        using var command = Command("SELECT name, public_key, last_used FROM claims WHERE name_key = $key", key);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new NameClaim(reader.GetString(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    protected override void Write(string key, NameClaim claim)
    {
        using var command = Command("INSERT INTO claims (name_key, name, public_key, last_used) VALUES ($key, $name, $publicKey, $lastUsed) "
            + "ON CONFLICT (name_key) DO UPDATE SET name = $name, public_key = $publicKey, last_used = $lastUsed", key);
        command.Parameters.AddWithValue("$name", claim.Name);
        command.Parameters.AddWithValue("$publicKey", claim.PublicKey);
        command.Parameters.AddWithValue("$lastUsed", claim.LastUsed.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    protected override void Delete(string key)
    {
        using var command = Command("DELETE FROM claims WHERE name_key = $key", key);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, string key)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
