using System.Globalization;

namespace Sala.Registry;

/// <summary>Who may remove a registration: the connection that made it, on the server that holds that connection.</summary>
public readonly record struct RegistrationOwner(string ServerId, long ConnectionId)
{
    public override string ToString() => $"{ServerId}/{ConnectionId}";

    /// <summary>Reads a token written by <see cref="ToString"/> (as the Redis store keeps it); false for anything else.</summary>
    public static bool TryParse(string? text, out RegistrationOwner owner)
    {
        owner = default;
        var slash = text?.LastIndexOf('/') ?? -1;
        if (slash <= 0 || !long.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return false;
        owner = new RegistrationOwner(text![..slash], id);
        return true;
    }
}
