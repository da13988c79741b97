using Org.BouncyCastle.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>A "random" source that hands out the bytes it was given, so ML-KEM's encapsulation can be replayed.</summary>
internal sealed class FixedRandom(byte[] bytes) : SecureRandom
{
    private int _position;

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(byte[] buffer, int start, int length) => NextBytes(buffer.AsSpan(start, length));

    public override void NextBytes(Span<byte> buffer)
    {
        bytes.AsSpan(_position, buffer.Length).CopyTo(buffer);
        _position += buffer.Length;
    }
}
