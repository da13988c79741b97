using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sala.Protocol.Stun;

/// <summary>The 96-bit transaction id that pairs a STUN response with its request (RFC 8489 §5).</summary>
public readonly record struct StunTransactionId(ulong High, uint Low)
{
    public const int Size = 12;

    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    public static StunTransactionId Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Low);
    }

    public override string ToString() => $"{High:x16}{Low:x8}";
}
