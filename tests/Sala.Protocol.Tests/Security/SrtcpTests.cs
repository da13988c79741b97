using Sala.Protocol.Rtcp;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

public sealed class SrtcpTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Salt = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();

    private static int Report(Span<byte> buffer, uint ssrc = 0x11223344)
    {
        var report = new SenderReport(ssrc, new SenderInfo(new NtpTimestamp(0xE3A1B2C3_8000_0000), 1234, 10, 1600),
            new ReportBlock(0xAABBCCDD, 0, 0, 5, 1, 0, 0));
        return RtcpPacket.WriteCompound(buffer, report, "alice@sala");
    }

    [Fact]
    public void A_protected_report_hides_all_but_its_first_eight_octets_and_comes_back_intact()
    {
        using var sender = new SrtcpSender(Key, Salt);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var buffer = new byte[512];
        var plain = Report(buffer);
        var original = buffer[..plain];
        var length = sender.Protect(buffer, plain);

        Assert.Equal(plain + SrtcpSender.Overhead, length);
        Assert.Equal(original[..8], buffer[..8]);
        Assert.False(buffer.AsSpan(8, plain - 8).SequenceEqual(original.AsSpan(8)));
        Assert.Equal([0x80, 0, 0, 0], buffer[(length - 4)..length]);   // E=1, index 0
        Assert.True(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(original, buffer[..length]);
    }

    [Fact]
    public void Each_report_gets_the_next_index()
    {
        using var sender = new SrtcpSender(Key, Salt);
        var buffer = new byte[512];
        for (var i = 0u; i < 3; i++)
        {
            var length = sender.Protect(buffer, Report(buffer));
            Assert.Equal(0x8000_0000u | i, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(length - 4)));
        }
    }

    [Fact]
    public void A_replayed_report_is_refused_and_counted()
    {
        using var sender = new SrtcpSender(Key, Salt);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var buffer = new byte[512];
        var length = sender.Protect(buffer, Report(buffer));
        var copy = buffer[..length];

        Assert.True(receiver.TryUnprotect(buffer, ref length));
        var again = copy.Length;
        Assert.False(receiver.TryUnprotect(copy, ref again));
        Assert.Equal(1, receiver.Replays);
    }

    [Fact]
    public void Plain_rtcp_and_reports_under_another_key_are_refused()
    {
        using var stranger = new SrtcpSender(Salt.Concat(Salt).Take(16).ToArray(), Salt);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var buffer = new byte[512];
        var length = Report(buffer);
        Assert.False(receiver.TryUnprotect(buffer, ref length));
        length = stranger.Protect(buffer, Report(buffer));
        Assert.False(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(2, receiver.AuthenticationFailures);
    }

    [Fact]
    public void Srtp_and_srtcp_under_one_key_would_share_an_iv_which_is_why_srtcp_has_keys_of_its_own()
    {
        // RFC 7714 §8.1 and §9.1: SSRC 1, ROC 0, SEQ 5 and SRTCP index 5 give the same IV under the same salt.
        Span<byte> rtp = stackalloc byte[SrtpNonce.Bytes];
        Span<byte> rtcp = stackalloc byte[SrtpNonce.Bytes];
        SrtpNonce.Write(rtp, Salt, 1, 0, 5);
        SrtcpNonce.Write(rtcp, Salt, 1, 5);
        Assert.True(rtp.SequenceEqual(rtcp));
    }

    [Fact]
    public void Any_bytes_are_refused_or_accepted_without_an_exception()
    {
        using var receiver = new SrtcpReceiver(Key, Salt);
        var random = new Random(5);
        var buffer = new byte[300];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            var length = random.Next(0, buffer.Length + 1);
            Assert.False(receiver.TryUnprotect(buffer, ref length));
        }
    }
}
