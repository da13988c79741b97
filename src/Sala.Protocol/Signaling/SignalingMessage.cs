using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Signaling;

/// <summary>
/// One signaling datagram (MISSION.md section 2), in Sala's concrete form:
/// <c>CONVITE &lt;name&gt; &lt;ip&gt; &lt;port&gt; call=&lt;id&gt; [codec=opus|pcm] [ptime=10|20|40|60]</c>,
/// <c>ACEITO call=&lt;id&gt; [codec=..] [ptime=..]</c>, <c>REJEITADO call=&lt;id&gt; [reason=busy|declined|unavailable]</c>,
/// <c>CALLBACK call=&lt;id&gt;</c>, <c>ENCERRAR call=&lt;id&gt; [reason=hangup|cancel|timeout] [ack=1]</c>.
/// Unknown <c>key=value</c> fields are kept in <see cref="OtherFields"/> so newer peers can add some.
/// </summary>
public sealed record SignalingMessage
{
    /// <summary>
    /// The largest datagram, its optional trailing '\n' included. A hybrid CONVITE (ML-KEM-768's 1184-byte key, 1579
    /// characters in <c>pq=</c>) signed by a P-256 identity is at most about 2160 bytes, with a 32-character name in a
    /// four-byte script and an IPv6 address; 3072 holds it with room for a field or two, and stays inside the call
    /// port's 4096-byte receive buffer with a TURN Data indication's header around it.
    /// </summary>
    public const int MaxBytes = 3072;

    public required SignalingKind Kind { get; init; }

    public required string CallId { get; init; }

    /// <summary>CONVITE: the caller's name, NFC-normalised.</summary>
    public string? Name { get; init; }

    /// <summary>CONVITE: the address where the caller receives.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>CONVITE: the port where the caller receives; 0 on other kinds.</summary>
    public int Port { get; init; }

    public SignalingReason? Reason { get; init; }

    public CallCodec? Codec { get; init; }

    /// <summary>
    /// CONVITE and ACEITO: the packet time, in milliseconds, its sender asks to receive (<c>ptime=</c>); none means 20.
    /// </summary>
    public int? PacketTime { get; init; }

    /// <summary>ENCERRAR with <c>ack=1</c>: acknowledges the peer's ENCERRAR.</summary>
    public bool IsAck { get; init; }

    /// <summary>Fields this version does not know, kept as received (forward compatibility).</summary>
    public IReadOnlyDictionary<string, string> OtherFields { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    public static SignalingMessage Invite(string callId, string name, IPEndPoint receiveAt, CallCodec? codec = null, int? packetTime = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(receiveAt);
        if (!UserName.TryNormalize(name, out var normalized, out var whyNot))
            throw new ArgumentException(whyNot, nameof(name));
        // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; other stacks expect the plain dotted quad.
        var address = receiveAt.Address.IsIPv4MappedToIPv6 ? receiveAt.Address.MapToIPv4() : receiveAt.Address;
        return new SignalingMessage
        {
            Kind = SignalingKind.Invite,
            CallId = ValidId(callId),
            Name = normalized,
            Address = address,
            Port = receiveAt.Port,
            Codec = codec,
            PacketTime = ValidPacketTime(packetTime),
        };
    }

    public static SignalingMessage Accept(string callId, CallCodec? codec = null, int? packetTime = null) =>
        new() { Kind = SignalingKind.Accept, CallId = ValidId(callId), Codec = codec, PacketTime = ValidPacketTime(packetTime) };

    public static SignalingMessage Reject(string callId, SignalingReason? reason = null) =>
        new()
        {
            Kind = SignalingKind.Reject,
            CallId = ValidId(callId),
            Reason = ValidReason(SignalingKind.Reject, reason),
        };

    public static SignalingMessage Callback(string callId) =>
        new() { Kind = SignalingKind.Callback, CallId = ValidId(callId) };

    public static SignalingMessage Hangup(string callId, SignalingReason? reason = null) =>
        new()
        {
            Kind = SignalingKind.Hangup,
            CallId = ValidId(callId),
            Reason = ValidReason(SignalingKind.Hangup, reason),
        };

    public static SignalingMessage HangupAck(string callId) =>
        new() { Kind = SignalingKind.Hangup, CallId = ValidId(callId), IsAck = true };

    /// <summary>Parses one datagram. Total: any bytes give a message or a reason, never an exception.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        [NotNullWhen(true)] out SignalingMessage? message,
        [NotNullWhen(false)] out string? error) =>
        SignalingParser.TryParse(datagram, out message, out error);

    /// <summary>
    /// Writes the datagram (no trailing '\n'). False when it does not fit, or when the message is not one the parser
    /// would accept (a field set on the wrong kind, a bad extra field, a missing CONVITE address).
    /// </summary>
    public bool TryFormat(Span<byte> destination, out int written) =>
        SignalingFormatter.TryFormat(this, destination, out written);

    public byte[] ToBytes()
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        if (!TryFormat(buffer, out var written))
            throw new InvalidOperationException($"Not a valid {Kind} message, or longer than {MaxBytes} bytes.");
        return buffer[..written].ToArray();
    }

    /// <summary>The datagram as text, for logs.</summary>
    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        return TryFormat(buffer, out var written) ? Encoding.UTF8.GetString(buffer[..written]) : $"invalid {Kind}";
    }

    public bool Equals(SignalingMessage? other)
    {
        if (ReferenceEquals(this, other))
            return true;
        if (other is null || Kind != other.Kind || CallId != other.CallId || Name != other.Name || Port != other.Port
            || Reason != other.Reason || Codec != other.Codec || PacketTime != other.PacketTime || IsAck != other.IsAck
            || !Equals(Address, other.Address) || OtherFields.Count != other.OtherFields.Count)
            return false;
        foreach (var (key, value) in OtherFields)
        {
            if (!other.OtherFields.TryGetValue(key, out var otherValue) || value != otherValue)
                return false;
        }
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Kind, CallId, Name, Address, Port, Reason, Codec, IsAck);

    private static int? ValidPacketTime(int? packetTime) =>
        packetTime is not { } milliseconds || SignalingWire.IsPacketTime(milliseconds)
            ? packetTime
            : throw new ArgumentOutOfRangeException(nameof(packetTime), "A packet time is 10, 20, 40 or 60 ms.");

    private static string ValidId(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        return Signaling.CallId.IsValid(callId)
            ? callId
            : throw new ArgumentException("A call id is 1 to 32 ASCII letters and digits.", nameof(callId));
    }

    private static SignalingReason? ValidReason(SignalingKind kind, SignalingReason? reason) =>
        reason is not { } r || SignalingWire.Allows(kind, r)
            ? reason
            : throw new ArgumentException($"{kind} cannot carry reason {r}.", nameof(reason));
}
