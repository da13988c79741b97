using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>
/// SRTCP at its limits: the smallest and the largest packet a receiver takes, the room a sender needs, and the last
/// of the 2^31 indices of a key (RFC 3711 §3.4, RFC 7714 §9).
/// </summary>
public sealed class SrtcpLimitsTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Salt = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();

    /// <summary>A version 2 RTCP packet of <paramref name="length"/> bytes: an RR header, the reporter, then filler.</summary>
    private static byte[] Rtcp(int length, int room)
    {
        var buffer = new byte[length + room];
        buffer[0] = 0x80;
        buffer[1] = 201;
        for (var i = 4; i < length; i++)
            buffer[i] = (byte)i;
        return buffer;
    }

    [Fact]
    public void An_empty_receiver_report_of_eight_octets_is_protected_into_the_smallest_packet_and_comes_back()
    {
        using var sender = new SrtcpSender(Key, Salt);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var buffer = Rtcp(8, SrtcpSender.Overhead);
        var original = buffer[..8];

        var length = sender.Protect(buffer, 8);

        Assert.Equal(SrtcpReceiver.MinLength, length);
        Assert.True(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(original, buffer[..length]);
    }

    [Fact]
    public void A_packet_of_exactly_the_largest_length_is_taken_and_one_byte_more_is_refused()
    {
        using var sender = new SrtcpSender(Key, Salt);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var plain = SrtcpReceiver.MaxLength - SrtcpSender.Overhead;
        var buffer = Rtcp(plain, SrtcpSender.Overhead);
        var length = sender.Protect(buffer, plain);
        Assert.Equal(SrtcpReceiver.MaxLength, length);
        Assert.True(receiver.TryUnprotect(buffer, ref length));

        var tooLong = Rtcp(plain + 1, SrtcpSender.Overhead);
        var tooLongLength = sender.Protect(tooLong, plain + 1);
        Assert.False(receiver.TryUnprotect(tooLong, ref tooLongLength));
        Assert.Equal(1, receiver.AuthenticationFailures);
    }

    [Fact]
    public void A_sender_refuses_a_buffer_one_byte_short_of_the_tag_and_trailer_with_an_argument_error()
    {
        using var sender = new SrtcpSender(Key, Salt);
        var buffer = Rtcp(40, SrtcpSender.Overhead - 1);

        Assert.Throws<ArgumentException>(() => sender.Protect(buffer, 40));
    }

    [Fact]
    public void The_last_index_of_a_key_is_used_and_then_the_sender_stops()
    {
        using var sender = new SrtcpSender(Key, Salt, firstIndex: SrtcpSender.MaxIndex);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var buffer = Rtcp(8, SrtcpSender.Overhead);

        var length = sender.Protect(buffer, 8);
        Assert.True(receiver.TryUnprotect(buffer, ref length));

        Assert.Throws<InvalidOperationException>(() => sender.Protect(Rtcp(8, SrtcpSender.Overhead), 8));
    }

    [Fact]
    public void A_first_index_beyond_31_bits_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtcpSender(Key, Salt, firstIndex: SrtcpSender.MaxIndex + 1));
}
