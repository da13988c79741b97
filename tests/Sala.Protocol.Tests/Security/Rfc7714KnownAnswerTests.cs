using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>
/// Sala's SRTP and SRTCP against RFC 7714's own vectors: a sender and a receiver that only test each other would pass
/// with the IV laid out wrong, the tag cut short or the trailer misplaced on both sides, and break with every other
/// stack. These fail for any such mistake.
/// </summary>
public sealed class Rfc7714KnownAnswerTests
{
    [Fact]
    public void Srtp_protects_the_rfc_packet_into_the_rfc_bytes()
    {
        using var sender = new SrtpSender(Rfc7714Vectors.Key, Rfc7714Vectors.Salt);
        var buffer = new byte[Rfc7714Vectors.RtpProtected.Length];
        Rfc7714Vectors.RtpPlain.CopyTo(buffer, 0);

        var length = sender.Protect(buffer, Rfc7714Vectors.RtpPlain.Length);

        Assert.Equal(Rfc7714Vectors.RtpProtected.Length, length);
        Assert.Equal(Convert.ToHexString(Rfc7714Vectors.RtpProtected), Convert.ToHexString(buffer));
    }

    [Fact]
    public void Srtp_unprotects_the_rfc_bytes_into_the_rfc_packet()
    {
        using var receiver = new SrtpReceiver(Rfc7714Vectors.Key, Rfc7714Vectors.Salt);
        var buffer = Rfc7714Vectors.RtpProtected.ToArray();
        var length = buffer.Length;

        Assert.True(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(Convert.ToHexString(Rfc7714Vectors.RtpPlain), Convert.ToHexString(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Srtcp_protects_the_rfc_report_into_the_rfc_bytes()
    {
        using var sender = new SrtcpSender(Rfc7714Vectors.Key, Rfc7714Vectors.Salt, Rfc7714Vectors.RtcpIndex);
        var buffer = new byte[Rfc7714Vectors.RtcpProtected.Length];
        Rfc7714Vectors.RtcpPlain.CopyTo(buffer, 0);

        var length = sender.Protect(buffer, Rfc7714Vectors.RtcpPlain.Length);

        Assert.Equal(Rfc7714Vectors.RtcpProtected.Length, length);
        Assert.Equal(Convert.ToHexString(Rfc7714Vectors.RtcpProtected), Convert.ToHexString(buffer));
    }

    [Fact]
    public void Srtcp_unprotects_the_rfc_bytes_into_the_rfc_report()
    {
        using var receiver = new SrtcpReceiver(Rfc7714Vectors.Key, Rfc7714Vectors.Salt);
        var buffer = Rfc7714Vectors.RtcpProtected.ToArray();
        var length = buffer.Length;

        Assert.True(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(Convert.ToHexString(Rfc7714Vectors.RtcpPlain), Convert.ToHexString(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Srtcp_accepts_the_rfc_report_that_is_authenticated_but_not_encrypted()
    {
        using var receiver = new SrtcpReceiver(Rfc7714Vectors.Key, Rfc7714Vectors.Salt);
        var buffer = Rfc7714Vectors.RtcpTagged.ToArray();
        var length = buffer.Length;

        Assert.True(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(Convert.ToHexString(Rfc7714Vectors.RtcpPlain), Convert.ToHexString(buffer.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(0)]                 // the header: associated data
    [InlineData(10)]                // the encrypted report
    [InlineData(-6)]                // the tag
    [InlineData(-1)]                // the index: associated data too
    [InlineData(-4)]                // the E flag: flipping it must not turn an encrypted packet into a readable one
    public void Srtcp_refuses_the_rfc_bytes_with_any_bit_changed(int position)
    {
        using var receiver = new SrtcpReceiver(Rfc7714Vectors.Key, Rfc7714Vectors.Salt);
        var buffer = Rfc7714Vectors.RtcpProtected.ToArray();
        buffer[position >= 0 ? position : buffer.Length + position] ^= position == -4 ? (byte)0x80 : (byte)0x01;
        var length = buffer.Length;

        Assert.False(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(1, receiver.AuthenticationFailures);
    }
}
