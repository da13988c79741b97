namespace Sala.Media.Tests.Jitter;

/// <summary>
/// A decoder whose output says exactly what it did. A payload is [sequence low, sequence high, loud flag, filler...].
/// Decoding fills the frame with <see cref="LoudValue"/> or <see cref="QuietValue"/> of the sequence; FEC fills it
/// with <see cref="FecValue"/> of the packet rebuilt; PLC with <see cref="PlcValue"/>. Every call is logged.
/// </summary>
internal sealed class TestDecoder(byte payloadType = TestDecoder.DefaultPayloadType) : IAudioDecoder
{
    public const byte DefaultPayloadType = 96;
    public const short PlcValue = -3;
    public const short GarbageValue = 7;

    public byte PayloadType { get; } = payloadType;

    public List<DecoderCall> Calls { get; } = [];

    public int SamplesIn(ReadOnlySpan<byte> payload) => AudioFormat.SamplesPerFrame;

    /// <summary>Payloads starting with this byte make <see cref="Decode"/> throw, like a codec given garbage.</summary>
    public byte? ThrowOn { get; init; }

    public static byte[] Payload(ushort sequence, bool loud = true, int size = 3)
    {
        var payload = new byte[Math.Max(size, 3)];
        payload[0] = (byte)sequence;
        payload[1] = (byte)(sequence >> 8);
        payload[2] = loud ? (byte)1 : (byte)0;
        return payload;
    }

    public static short LoudValue(ushort sequence) => (short)(10_000 + (sequence % 10_000));

    public static short QuietValue(ushort sequence) => (short)(sequence % 64);

    public static short FecValue(ushort rebuilt) => (short)-(10_000 + (rebuilt % 10_000));

    public static short ValueOf(ushort sequence, bool loud) => loud ? LoudValue(sequence) : QuietValue(sequence);

    public void Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        if (ThrowOn is { } marker && payload.Length > 0 && payload[0] == marker)
            throw new InvalidDataException("corrupt payload");
        if (payload.Length < 3)
        {
            frame.Fill(GarbageValue);
            Calls.Add(new DecoderCall(DecoderCallKind.Decode, -1, false));
            return;
        }

        var sequence = Sequence(payload);
        var loud = payload[2] != 0;
        frame.Fill(ValueOf(sequence, loud));
        Calls.Add(new DecoderCall(DecoderCallKind.Decode, sequence, loud));
    }

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame)
    {
        if (nextPayload.Length < 3)
        {
            frame.Fill(PlcValue);
            Calls.Add(new DecoderCall(DecoderCallKind.Plc, -1, false));
            return;
        }

        var rebuilt = (ushort)(Sequence(nextPayload) - 1);
        frame.Fill(FecValue(rebuilt));
        Calls.Add(new DecoderCall(DecoderCallKind.Fec, rebuilt, true));
    }

    public void Dispose()
    {
    }

    private static ushort Sequence(ReadOnlySpan<byte> payload) => (ushort)(payload[0] | (payload[1] << 8));
}
