using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace Sala.Protocol.Ice;

/// <summary>
/// One message of the candidate exchange, as text (docs/protocol.md, "Calls across NATs"):
/// <c>OFFER call=&lt;id&gt; ice=&lt;ufrag&gt;:&lt;password&gt; cand=&lt;k&gt;/&lt;ip&gt;/&lt;port&gt;,...</c>, the same
/// with <c>ANSWER</c>, or <c>BUSY call=&lt;id&gt;</c>; <c>k</c> is h (host), s (server-reflexive) or r (relayed).
/// Parsing is total: any text gives a signal or a reason.
/// </summary>
public sealed record IceSignal(IceSignalKind Kind, string CallId, IceCredentials? Credentials, IReadOnlyList<IceCandidate> Candidates)
{
    /// <summary>Candidates one side offers at most: beyond a few, checks only cost time.</summary>
    public const int MaxCandidates = 8;

    /// <summary>Fits in a registry <c>SEND</c> line (512 bytes with the request and the name).</summary>
    public const int MaxBytes = 440;

    public static IceSignal Offer(string callId, IceCredentials credentials, IReadOnlyList<IceCandidate> candidates) =>
        new(IceSignalKind.Offer, callId, credentials, candidates);

    public static IceSignal Answer(string callId, IceCredentials credentials, IReadOnlyList<IceCandidate> candidates) =>
        new(IceSignalKind.Answer, callId, credentials, candidates);

    public static IceSignal Busy(string callId) => new(IceSignalKind.Busy, callId, null, []);

    /// <summary>True when the text starts like a candidate-exchange message (and so is not meant for anything else).</summary>
    public static bool IsIceSignal(string text) =>
        text.StartsWith("OFFER ", StringComparison.Ordinal) || text.StartsWith("ANSWER ", StringComparison.Ordinal)
        || text.StartsWith("BUSY ", StringComparison.Ordinal);

    /// <summary>
    /// The text; candidates past <see cref="MaxCandidates"/> or past <see cref="MaxBytes"/> are left out (the list is
    /// expected best first).
    /// </summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Kind switch { IceSignalKind.Offer => "OFFER", IceSignalKind.Answer => "ANSWER", _ => "BUSY" });
        text.Append(" call=").Append(CallId);
        if (Credentials is null)
            return text.ToString();
        text.Append(" ice=").Append(Credentials.UsernameFragment).Append(':').Append(Credentials.Password);
        var separator = " cand=";
        foreach (var candidate in Candidates.Take(MaxCandidates))
        {
            var item = string.Create(CultureInfo.InvariantCulture,
                $"{Code(candidate.Kind)}/{candidate.EndPoint.Address}/{candidate.EndPoint.Port}");
            if (text.Length + separator.Length + item.Length > MaxBytes)
                break;
            text.Append(separator).Append(item);
            separator = ",";
        }
        return text.ToString();
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out IceSignal? signal, [NotNullWhen(false)] out string? error)
    {
        signal = null;
        if (text.Length > MaxBytes)
            return Fail($"longer than {MaxBytes} characters", out error);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return Fail("empty", out error);
        IceSignalKind kind;
        switch (words[0])
        {
            case "OFFER": kind = IceSignalKind.Offer; break;
            case "ANSWER": kind = IceSignalKind.Answer; break;
            case "BUSY": kind = IceSignalKind.Busy; break;
            default: return Fail($"unknown message {words[0]}", out error);
        }
        string? callId = null;
        IceCredentials? credentials = null;
        var candidates = new List<IceCandidate>();
        foreach (var word in words.Skip(1))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                return Fail($"'{word}' is not key=value", out error);
            var value = word[(equals + 1)..];
            switch (word[..equals])
            {
                case "call" when Signaling.CallId.IsValid(value):
                    callId = value;
                    break;
                case "ice":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0 || !IceCredentials.IsValid(value[..colon], value[(colon + 1)..]))
                        return Fail("ice= must be <ufrag>:<password> of letters and digits", out error);
                    credentials = new IceCredentials(value[..colon], value[(colon + 1)..]);
                    break;
                case "cand":
                    foreach (var item in value.Split(','))
                    {
                        if (candidates.Count == MaxCandidates)
                            return Fail($"more than {MaxCandidates} candidates", out error);
                        if (!TryParseCandidate(item, out var candidate))
                            return Fail($"bad candidate '{item}'", out error);
                        candidates.Add(candidate);
                    }
                    break;
                case "call":
                    return Fail("call= must be 1 to 32 letters and digits", out error);
                default:
                    break; // newer fields are ignored
            }
        }
        if (callId is null)
            return Fail("call= is missing", out error);
        if (kind != IceSignalKind.Busy && credentials is null)
            return Fail("ice= is missing", out error);
        signal = new IceSignal(kind, callId, credentials, candidates);
        error = null;
        return true;
    }

    private static bool TryParseCandidate(string item, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        var parts = item.Split('/');
        if (parts.Length != 3 || parts[0].Length != 1 || !IPAddress.TryParse(parts[1], out var address)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || !IsUnicast(address))
            return false;
        IceCandidateKind? kind = parts[0][0] switch
        {
            'h' => IceCandidateKind.Host,
            's' => IceCandidateKind.ServerReflexive,
            'r' => IceCandidateKind.Relayed,
            _ => null,
        };
        if (kind is null)
            return false;
        candidate = IceCandidate.Create(kind.Value, new IPEndPoint(address, port));
        return true;
    }

    /// <summary>
    /// Checks go only to unicast addresses: an offer naming the unspecified address, broadcast or multicast would have
    /// this side send signed requests to a whole network on the word of whoever sent it.
    /// </summary>
    private static bool IsUnicast(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
        && !address.IsIPv6Multicast && !(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes()[0] is >= 224 and <= 239);

    private static char Code(IceCandidateKind kind) => kind switch
    {
        IceCandidateKind.Host => 'h',
        IceCandidateKind.ServerReflexive => 's',
        IceCandidateKind.Relayed => 'r',
        _ => 'p',
    };

    private static bool Fail(string why, out string error)
    {
        error = why;
        return false;
    }
}
