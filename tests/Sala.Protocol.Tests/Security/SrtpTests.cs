using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

public sealed class SrtpTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Salt = Enumerable.Range(100, 12).Select(i => (byte)i).ToArray();
    private static readonly byte[] Payload = Enumerable.Range(0, 160).Select(i => (byte)(i * 7)).ToArray();

    private static int Packet(Span<byte> buffer, ushort sequence, uint ssrc = 0x11223344)
    {
        var length = new RtpHeader(111, sequence, 960u * sequence, ssrc).WriteTo(buffer);
        Payload.CopyTo(buffer[length..]);
        return length + Payload.Length;
    }

    [Fact]
    public void A_protected_packet_hides_the_payload_keeps_the_header_and_comes_back_intact()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var buffer = new byte[512];
        var plain = Packet(buffer, 7);
        var header = buffer[..RtpHeader.FixedLength].ToArray();
        var length = sender.Protect(buffer, plain);

        Assert.Equal(plain + SrtpSender.TagBytes, length);
        Assert.Equal(header, buffer[..RtpHeader.FixedLength]);
        Assert.False(buffer.AsSpan(RtpHeader.FixedLength, Payload.Length).SequenceEqual(Payload));
        Assert.True(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(plain, length);
        Assert.True(buffer.AsSpan(RtpHeader.FixedLength, Payload.Length).SequenceEqual(Payload));
    }

    [Theory]
    [InlineData(1)]    // header (authenticated, not encrypted)
    [InlineData(13)]   // payload
    [InlineData(-1)]   // tag
    public void A_tampered_packet_is_refused_and_counted(int position)
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var buffer = new byte[512];
        var length = sender.Protect(buffer, Packet(buffer, 7));
        buffer[position >= 0 ? position : length + position] ^= 0x01;
        Assert.False(receiver.TryUnprotect(buffer, ref length));
        Assert.Equal(1, receiver.AuthenticationFailures);
    }

    [Fact]
    public void A_packet_from_someone_without_the_key_is_refused()
    {
        using var stranger = new SrtpSender(Salt.Concat(Salt).Take(16).ToArray(), Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var buffer = new byte[512];
        var length = stranger.Protect(buffer, Packet(buffer, 7));
        Assert.False(receiver.TryUnprotect(buffer, ref length));
        var plain = Packet(buffer, 8);
        Assert.False(receiver.TryUnprotect(buffer, ref plain));
    }

    [Fact]
    public void A_replayed_packet_is_refused_but_reordered_ones_within_the_window_pass()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var packets = Enumerable.Range(0, 100).Select(i =>
        {
            var buffer = new byte[512];
            var length = sender.Protect(buffer, Packet(buffer, (ushort)i));
            return buffer[..length];
        }).ToArray();
        bool Deliver(int i)
        {
            var copy = packets[i].ToArray();
            var length = copy.Length;
            return receiver.TryUnprotect(copy, ref length);
        }

        Assert.True(Deliver(0));
        Assert.True(Deliver(3));
        Assert.True(Deliver(1));
        Assert.True(Deliver(2));
        Assert.False(Deliver(3));
        Assert.True(Deliver(99));
        Assert.False(Deliver(10)); // 89 behind the newest: outside the 64-packet window
        Assert.True(Deliver(60));  // 39 behind: inside
        Assert.Equal(2, receiver.Replays);
        Assert.Equal(0, receiver.AuthenticationFailures);
    }

    [Fact]
    public void The_roll_over_counter_follows_the_sequence_through_its_wrap()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var buffer = new byte[512];
        for (var i = 0; i < 70_000; i++)
        {
            var sequence = (ushort)(65_000 + i);
            var length = sender.Protect(buffer, Packet(buffer, sequence));
            Assert.True(receiver.TryUnprotect(buffer, ref length), $"packet {i}");
        }
    }

    [Fact]
    public void A_first_packet_after_the_senders_wrap_is_still_understood()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var buffer = new byte[512];
        for (var i = 0; i < 20; i++)
        {
            var length = sender.Protect(buffer, Packet(buffer, (ushort)(65_530 + i)));
            if (i >= 10)
                Assert.True(receiver.TryUnprotect(buffer, ref length), $"packet {i}");
        }
    }

    [Fact]
    public void Nonces_never_repeat_within_a_stream_nor_across_directions()
    {
        var otherSalt = Salt.Select(b => (byte)(b ^ 0x5A)).ToArray();
        var seen = new HashSet<string>();
        var nonce = new byte[SrtpNonce.Bytes];
        foreach (var salt in new[] { Salt, otherSalt })
        {
            for (long index = 65_000; index < 65_000 + 70_000; index++)
            {
                SrtpNonce.Write(nonce, salt, 0x11223344, (uint)(index >> 16), (ushort)index);
                Assert.True(seen.Add(Convert.ToHexString(nonce)));
            }
        }
    }

    [Fact]
    public void Protecting_and_verifying_allocate_nothing_per_packet()
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var buffer = new byte[512];
        for (var i = 0; i < 100; i++)
        {
            var warm = sender.Protect(buffer, Packet(buffer, (ushort)i));
            receiver.TryUnprotect(buffer, ref warm);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 1_100; i++)
        {
            var length = sender.Protect(buffer, Packet(buffer, (ushort)i));
            receiver.TryUnprotect(buffer, ref length);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
