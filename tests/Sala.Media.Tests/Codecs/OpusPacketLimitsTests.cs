using Sala.Media.Codecs;

namespace Sala.Media.Tests.Codecs;

/// <summary>
/// Opus at its limits: the durations an encoder may be asked for (2.5 ms steps up to 120 ms), the stereo bit, and a
/// code 1 packet of two frames of the largest size (RFC 6716 §3.2.3, R2 and R3).
/// </summary>
public sealed class OpusPacketLimitsTests
{
    [Theory]
    [InlineData(OpusPacket.MinSamples)]
    [InlineData(960)]
    [InlineData(OpusPacket.MaxSamples)]
    public void Durations_in_steps_of_2_5_ms_up_to_120_ms_are_accepted(int samples) =>
        OpusPacket.CheckDuration(samples, "samples");

    [Theory]
    [InlineData(0)]
    [InlineData(OpusPacket.MinSamples - 1)]
    [InlineData(OpusPacket.MinSamples + 1)]
    [InlineData(OpusPacket.MaxSamples + OpusPacket.MinSamples)]
    [InlineData(-OpusPacket.MinSamples)]
    public void Other_durations_are_refused(int samples) =>
        Assert.Throws<ArgumentException>(() => OpusPacket.CheckDuration(samples, "samples"));

    [Theory]
    [InlineData(0xF8, false)]
    [InlineData(0xFC, true)]
    [InlineData(0x04, true)]
    [InlineData(0x00, false)]
    public void The_s_bit_of_the_toc_says_stereo(byte toc, bool stereo) =>
        Assert.Equal(stereo, OpusPacket.IsStereo(toc));

    [Fact]
    public void Two_equal_frames_of_1275_bytes_are_a_valid_code_1_packet_and_one_byte_more_each_is_not()
    {
        var largest = new byte[1 + 2 * OpusPacket.MaxFrameBytes];
        largest[0] = 0xF9; // CELT FB 20 ms, code 1
        Assert.True(OpusPacket.TryGetSamples(largest, out var samples));
        Assert.Equal(2 * 960, samples);

        var over = new byte[1 + 2 * (OpusPacket.MaxFrameBytes + 1)];
        over[0] = 0xF9;
        Assert.False(OpusPacket.TryGetSamples(over, out _));
    }
}
