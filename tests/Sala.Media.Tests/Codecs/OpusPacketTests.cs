using System.Runtime.InteropServices;
using Sala.Media.Codecs;

namespace Sala.Media.Tests.Codecs;

/// <summary>
/// RFC 6716 §3: every TOC configuration's frame length, the four frame count codes, and the malformed packets §3.4
/// names, each by hand; then a differential check against libopus's own <c>opus_packet_parse</c> over random packets
/// shaped to reach every branch. Fails, not skips, without libopus (tests/env/opus.sh installs it).
/// </summary>
public sealed partial class OpusPacketTests
{
    [Theory]
    [InlineData(0, 480)]     // SILK NB 10 ms
    [InlineData(1, 960)]     // SILK NB 20 ms
    [InlineData(2, 1920)]    // SILK NB 40 ms
    [InlineData(3, 2880)]    // SILK NB 60 ms
    [InlineData(11, 2880)]   // SILK WB 60 ms
    [InlineData(12, 480)]    // hybrid SWB 10 ms
    [InlineData(15, 960)]    // hybrid FB 20 ms
    [InlineData(16, 120)]    // CELT NB 2.5 ms
    [InlineData(17, 240)]    // CELT NB 5 ms
    [InlineData(18, 480)]    // CELT NB 10 ms
    [InlineData(31, 960)]    // CELT FB 20 ms
    public void Each_configuration_has_the_frame_length_of_RFC_6716_table_2(int config, int samples) =>
        Assert.Equal(samples, OpusPacket.FrameSamples((byte)(config << 3)));

    [Theory]
    [InlineData(new byte[] { 0xF8 }, 960)]                         // code 0, CELT FB 20 ms, an empty frame (DTX)
    [InlineData(new byte[] { 0x0B, 1, 2, 3 }, 960)]                // code 3 with one frame of two bytes, SILK 20 ms
    [InlineData(new byte[] { 0x19, 7, 7 }, 5760)]                  // code 1: two frames of one byte, SILK 60 ms
    [InlineData(new byte[] { 0xFA, 1, 9, 9 }, 1920)]               // code 2: a 1-byte frame, then a 1-byte frame
    [InlineData(new byte[] { 0xFB, 3, 1, 2, 3 }, 2880)]            // code 3 CBR: three 1-byte frames of 20 ms
    [InlineData(new byte[] { 0xFB, 0x83, 1, 1, 5, 6, 7 }, 2880)]   // code 3 VBR: lengths 1 and 1, the last 1
    [InlineData(new byte[] { 0xFB, 0x42, 2, 8, 9, 0, 0 }, 1920)]   // code 3 CBR with 2 bytes of padding
    [InlineData(new byte[] { 0x1B, 2, 1, 2 }, 5760)]               // SILK 60 ms × 2: 120 ms, the longest allowed
    [InlineData(new byte[] { 0x87, 48 }, 5760)]                    // CELT 2.5 ms × 48: 120 ms of empty frames
    [InlineData(new byte[] { 0x0C, 5 }, 960)]                      // stereo bit: the duration is the same
    public void A_valid_packet_gives_its_duration(byte[] packet, int samples)
    {
        Assert.True(OpusPacket.TryGetSamples(packet, out var actual));
        Assert.Equal(samples, actual);
    }

    [Theory]
    [InlineData(new byte[] { })]                                   // R1: empty
    [InlineData(new byte[] { 0x19, 7 })]                           // R3: code 1 with an odd body
    [InlineData(new byte[] { 0xFA })]                              // R4: code 2 without the length byte
    [InlineData(new byte[] { 0xFA, 5, 1 })]                        // R4: first frame longer than the packet
    [InlineData(new byte[] { 0xFA, 252 })]                         // R4: a two-byte length cut short
    [InlineData(new byte[] { 0xFB })]                              // R5: code 3 without the count byte
    [InlineData(new byte[] { 0xFB, 0 })]                           // R5: zero frames
    [InlineData(new byte[] { 0x1B, 3 })]                           // R5: 3 × 60 ms is over 120 ms
    [InlineData(new byte[] { 0x87, 49 })]                          // R5: 49 × 2.5 ms is over 120 ms
    [InlineData(new byte[] { 0xFB, 2, 1, 2, 3 })]                  // R6: 3 bytes do not split into 2 frames
    [InlineData(new byte[] { 0xFB, 0x42, 9, 1, 2 })]               // R6/R7: more padding than packet
    [InlineData(new byte[] { 0xFB, 0x82, 9, 1, 2 })]               // R7: a frame longer than what is left
    [InlineData(new byte[] { 0xFB, 0x41, 255 })]                   // padding of 254 and more, with nothing left
    public void A_malformed_packet_is_refused(byte[] packet) =>
        Assert.False(OpusPacket.TryGetSamples(packet, out _));

    [Fact]
    public void A_frame_over_1275_bytes_is_refused_R2()
    {
        var packet = new byte[1 + 1276];
        packet[0] = 0xF8;
        Assert.False(OpusPacket.TryGetSamples(packet, out _));
        Assert.True(OpusPacket.TryGetSamples(packet.AsSpan(0, 1276), out _));
    }

    /// <summary>What the opus fuzz target (fuzz/run.sh) reported as crashes, replayed on the plain build.</summary>
    [Theory]
    [InlineData("6e090bff0900d5d5160101")]
    [InlineData("0f830102050007")]
    [InlineData("06050100ef0125")]
    [InlineData("6604649cb41807")]
    [InlineData("77c30000230000000004000000000000000000000000000000000000000000000000fe0000000064")]
    public void Fuzzer_findings_are_judged_as_libopus_judges_them(string hex)
    {
        var packet = Convert.FromHexString(hex);
        var ours = OpusPacket.TryGetSamples(packet, out var samples);
        Assert.Equal(LibOpusSamples(packet), ours ? samples : -1);
    }

    /// <summary>
    /// The opus fuzz target's findings: well-framed packets whose frames Concentus cannot read (it throws). Sala's
    /// decoder conceals them for their whole length and counts them, as any payload it cannot read.
    /// </summary>
    [Theory]
    [InlineData("0e05ff00008000")]
    [InlineData("42020809")]
    [InlineData("0787000d0000000000000000000000000000040000000c0000000000")]
    [InlineData("6a02f5ff")]
    [InlineData("620606d5d5f1d5d506")]
    public void A_well_framed_packet_the_managed_decoder_cannot_read_is_concealed_and_counted(string hex)
    {
        var packet = Convert.FromHexString(hex);
        using var decoder = new OpusAudioDecoder();
        var samples = decoder.SamplesIn(packet);
        Assert.Equal(LibOpusSamples(packet), samples);

        decoder.Decode(packet, new short[samples]);

        Assert.Equal(1, decoder.InvalidPayloads);
    }

    [Fact]
    public void Random_packets_are_judged_exactly_as_libopus_judges_them()
    {
        Assert.NotNull(AudioCodecs.NativeOpusVersion);
        var random = new Random(6716);
        var buffer = new byte[1700];
        var frames = new IntPtr[48];
        var sizes = new short[48];
        var valid = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var packet = Shaped(random, buffer);
            var ours = OpusPacket.TryGetSamples(packet, out var samples);
            int count;
            unsafe
            {
                fixed (byte* data = packet)
                fixed (IntPtr* framePointers = frames)
                fixed (short* frameSizes = sizes)
                    count = opus_packet_parse(data, packet.Length, out _, framePointers, frameSizes, out _);
            }
            var theirs = count > 0;
            Assert.True(ours == theirs, $"packet {Convert.ToHexString(packet)}: Sala says {(ours ? "valid" : "malformed")}, libopus {count}");
            if (ours)
            {
                valid++;
                Assert.Equal(count * OpusPacket.FrameSamples(packet[0]), samples);
            }
        }
        // The shapes reach both verdicts often enough to mean something.
        Assert.InRange(valid, 40_000, 160_000);
    }

    /// <summary>Random bytes biased toward the edges: short packets, every code, counts near the limit, padding runs of 255.</summary>
    private static byte[] Shaped(Random random, byte[] buffer)
    {
        var length = random.Next(4) switch
        {
            0 => random.Next(0, 8),
            1 => random.Next(0, 64),
            2 => random.Next(250, 600),
            _ => random.Next(1200, buffer.Length),
        };
        var packet = buffer.AsSpan(0, length).ToArray();
        random.NextBytes(packet);
        if (length > 1 && random.Next(2) == 0)
            packet[1] = (byte)((packet[1] & 0xC0) | random.Next(0, 8)); // a small frame count for code 3
        if (length > 2 && random.Next(4) == 0)
            packet[2] = 255; // a padding run or a two-byte length
        return packet;
    }

    /// <summary>libopus's duration of <paramref name="packet"/> in samples at 48 kHz, or -1 when it finds it malformed.</summary>
    private static unsafe int LibOpusSamples(byte[] packet)
    {
        Assert.NotNull(AudioCodecs.NativeOpusVersion);
        var frames = new IntPtr[48];
        var sizes = new short[48];
        int count;
        fixed (byte* data = packet)
        fixed (IntPtr* framePointers = frames)
        fixed (short* frameSizes = sizes)
            count = opus_packet_parse(data, packet.Length, out _, framePointers, frameSizes, out _);
        return count > 0 ? count * OpusPacket.FrameSamples(packet[0]) : -1;
    }

    [LibraryImport("libopus.so.0")]
    private static unsafe partial int opus_packet_parse(byte* data, int length, out byte toc, IntPtr* frames, short* sizes, out int payloadOffset);
}
