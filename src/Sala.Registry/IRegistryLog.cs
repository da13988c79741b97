namespace Sala.Registry;

/// <summary>Where the server reports requests and connection events, one line each.</summary>
public interface IRegistryLog
{
    /// <summary>False when nothing is recorded, so callers skip formatting the line.</summary>
    bool IsEnabled { get; }

    void Write(string line);
}
