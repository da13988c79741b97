using System.Globalization;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Signaling;

/// <summary>Writes a message in the form <see cref="SignalingParser"/> reads, refusing what it would refuse.</summary>
internal static class SignalingFormatter
{
    public static bool TryFormat(SignalingMessage message, Span<byte> destination, out int written)
    {
        written = 0;
        if (!IsWellFormed(message))
            return false;

        var output = new Output(destination);
        output.Write(SignalingWire.Verb(message.Kind));
        if (message.Kind == SignalingKind.Invite)
        {
            output.Word(message.Name!);
            output.Space();
            output.Address(message.Address!);
            output.Space();
            output.Number(message.Port);
        }
        output.Field(SignalingWire.CallKey, message.CallId);
        if (message.Codec is { } codec)
            output.Field(SignalingWire.CodecKey, SignalingWire.Name(codec));
        if (message.PacketTime is { } packetTime)
            output.Field(SignalingWire.PacketTimeKey, packetTime.ToString(CultureInfo.InvariantCulture));
        if (message.Reason is { } reason)
            output.Field(SignalingWire.ReasonKey, SignalingWire.Name(reason));
        if (message.IsAck)
            output.Field(SignalingWire.AckKey, "1"u8);
        // Sorted so that equal messages give equal bytes, whatever order the dictionary holds.
        foreach (var (key, value) in message.OtherFields.OrderBy(f => f.Key, StringComparer.Ordinal))
            output.Field(key, value);

        if (!output.Fits || output.Position > SignalingMessage.MaxBytes)
            return false;
        written = output.Position;
        return true;
    }

    private static bool IsWellFormed(SignalingMessage message)
    {
        if (message.CallId is null || !CallId.IsValid(message.CallId) || message.OtherFields is null)
            return false;
        if (message.Kind == SignalingKind.Invite)
        {
            if (message.Name is null || !UserName.TryNormalize(message.Name, out var normalized, out _)
                || normalized != message.Name || message.Address is null || message.Port is < 1 or > 65535)
                return false;
        }
        else if (message.Name is not null || message.Address is not null || message.Port != 0)
        {
            return false;
        }
        if (message.Codec is not null && !SignalingWire.HasCodec(message.Kind))
            return false;
        if (message.PacketTime is { } packetTime && (!SignalingWire.HasCodec(message.Kind) || !SignalingWire.IsPacketTime(packetTime)))
            return false;
        if (message.Reason is { } reason && !SignalingWire.Allows(message.Kind, reason))
            return false;
        if (message.IsAck && message.Kind != SignalingKind.Hangup)
            return false;
        foreach (var (key, value) in message.OtherFields)
        {
            if (!SignalingWire.IsValidKey(key) || SignalingWire.IsReservedKey(key) || !SignalingWire.IsValidValue(value))
                return false;
        }
        return true;
    }

    /// <summary>Appends to a span, remembering an overflow instead of throwing so the caller checks once.</summary>
    private ref struct Output(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public bool Fits { get; private set; } = true;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (!Fits || !bytes.TryCopyTo(_destination[Position..]))
            {
                Fits = false;
                return;
            }
            Position += bytes.Length;
        }

        public void Space() => Write(" "u8);

        public void Word(string text)
        {
            Space();
            if (!Fits || !Encoding.UTF8.TryGetBytes(text, _destination[Position..], out var count))
            {
                Fits = false;
                return;
            }
            Position += count;
        }

        public void Address(System.Net.IPAddress address)
        {
            if (!Fits || !address.TryFormat(_destination[Position..], out var count))
            {
                Fits = false;
                return;
            }
            Position += count;
        }

        public void Number(int value)
        {
            if (!Fits || !value.TryFormat(_destination[Position..], out var count, default, CultureInfo.InvariantCulture))
            {
                Fits = false;
                return;
            }
            Position += count;
        }

        public void Field(string key, ReadOnlySpan<byte> value)
        {
            Word(key);
            Write("="u8);
            Write(value);
        }

        public void Field(string key, string value)
        {
            Word(key);
            Write("="u8);
            if (!Fits || !Encoding.ASCII.TryGetBytes(value, _destination[Position..], out var count))
            {
                Fits = false;
                return;
            }
            Position += count;
        }
    }
}
