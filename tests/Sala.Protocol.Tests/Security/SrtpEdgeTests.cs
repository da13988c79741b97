using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>
/// SRTP at its edges: late packets from before a roll-over (RFC 3711 §3.3.1, in the first and in a later wrap), a
/// sender given a lower sequence number, an empty payload, and a buffer without room for the tag.
/// </summary>
public sealed class SrtpEdgeTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Salt = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();

    private static byte[] Protected(SrtpSender sender, long index, int payloadBytes = 20)
    {
        var buffer = new byte[RtpHeader.FixedLength + payloadBytes + SrtpSender.TagBytes];
        var length = new RtpHeader(111, (ushort)index, (uint)index * 960, 0x11223344).WriteTo(buffer);
        for (var i = 0; i < payloadBytes; i++)
            buffer[length + i] = (byte)(index + i);
        length = sender.Protect(buffer, length + payloadBytes);
        return buffer[..length];
    }

    private static bool Deliver(SrtpReceiver receiver, byte[] packet)
    {
        var copy = packet.ToArray();
        var length = copy.Length;
        return receiver.TryUnprotect(copy, ref length);
    }

    [Fact]
    public void A_late_packet_from_before_each_of_three_wraps_is_placed_in_the_roll_over_before()
    {
        // The sender steps through its sequence 4096 at a time (the receiver follows any step under half the space);
        // the last packet before each wrap arrives just after the first one behind it.
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var indices = new List<long>();
        for (var rollover = 0L; rollover < 3; rollover++)
        {
            for (var step = 0; step < 16; step++)
                indices.Add((rollover << 16) + step * 4096);
            indices.Add((rollover << 16) + 65_530);
        }
        indices.Add(3L << 16);
        var packets = indices.Select(index => (Index: index, Bytes: Protected(sender, index))).ToList();

        for (var i = 0; i < packets.Count; i++)
        {
            if ((packets[i].Index & 0xFFFF) == 65_530)
            {
                Assert.True(Deliver(receiver, packets[i + 1].Bytes), $"first after the wrap at {packets[i].Index}");
                Assert.True(Deliver(receiver, packets[i].Bytes), $"late {packets[i].Index}");
                i++;
                continue;
            }
            Assert.True(Deliver(receiver, packets[i].Bytes), $"index {packets[i].Index}");
        }
        Assert.Equal(0, receiver.AuthenticationFailures);
    }

    [Fact]
    public void A_sender_given_a_slightly_lower_sequence_number_keeps_its_roll_over_counter()
    {
        // Only a step back of more than half the sequence space is a wrap; 40 000 then 39 990 is a late packet.
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var first = Protected(sender, 40_000);
        var lower = Protected(sender, 39_990);

        Assert.True(Deliver(receiver, first));
        Assert.True(Deliver(receiver, lower));
    }

    [Fact]
    public void A_packet_with_an_empty_payload_is_just_header_and_tag_and_comes_back()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var packet = Protected(sender, 7, payloadBytes: 0);
        Assert.Equal(RtpHeader.FixedLength + SrtpSender.TagBytes, packet.Length);

        var length = packet.Length;
        Assert.True(receiver.TryUnprotect(packet, ref length));
        Assert.Equal(RtpHeader.FixedLength, length);
    }

    [Fact]
    public void A_buffer_one_byte_short_of_the_tag_is_refused_with_an_argument_error()
    {
        using var sender = new SrtpSender(Key, Salt);
        var buffer = new byte[RtpHeader.FixedLength + 20 + SrtpSender.TagBytes - 1];
        var length = new RtpHeader(111, 1, 960, 0x11223344).WriteTo(buffer) + 20;

        Assert.Throws<ArgumentException>(() => sender.Protect(buffer, length));
    }

    [Fact]
    public void A_tampered_packet_after_good_ones_is_refused_and_counted()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        Assert.True(Deliver(receiver, Protected(sender, 1)));
        var forged = Protected(sender, 2);
        forged[RtpHeader.FixedLength] ^= 0x01;

        Assert.False(Deliver(receiver, forged));
        Assert.Equal(1, receiver.AuthenticationFailures);
        Assert.True(Deliver(receiver, Protected(sender, 3)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(RtpHeader.FixedLength + SrtpSender.TagBytes - 1)]
    public void Bytes_too_short_for_a_header_and_a_tag_are_refused_and_counted(int length)
    {
        using var receiver = new SrtpReceiver(Key, Salt);
        var bytes = new byte[length];
        if (length > 0)
            bytes[0] = 0x80;

        Assert.False(receiver.TryUnprotect(bytes, ref length));
        Assert.Equal(1, receiver.AuthenticationFailures);
    }
}
