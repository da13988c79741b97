namespace Sala.Registry;

/// <summary>Claims held in memory: lost when the server stops. For tests and servers told to keep no files.</summary>
public sealed class InMemoryNameClaims(TimeSpan lapseAfter, TimeProvider time) : LocalNameClaims(lapseAfter, time)
{
    private readonly Dictionary<string, NameClaim> _claims = new(StringComparer.Ordinal);

    protected override NameClaim? Read(string key) => _claims.GetValueOrDefault(key);

    protected override void Write(string key, NameClaim claim) => _claims[key] = claim;

    protected override void Delete(string key) => _claims.Remove(key);
}
