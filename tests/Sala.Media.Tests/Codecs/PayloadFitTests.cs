using Sala.Media.Codecs;

namespace Sala.Media.Tests.Codecs;

public sealed class PayloadFitTests
{
    [Theory]
    [InlineData(AudioCodecs.PcmPayloadType, 1920, true)]
    [InlineData(AudioCodecs.PcmPayloadType, 101, false)]    // not even whole samples (the 101 bytes)
    [InlineData(AudioCodecs.PcmPayloadType, 960, false)]    // 10 ms: not the frame Sala plays
    [InlineData(AudioCodecs.PcmPayloadType, 1922, false)]
    [InlineData(AudioCodecs.PcmPayloadType, 0, false)]
    [InlineData(0, 160, true)]                              // unknown types are the playout's to reject
    public void An_L16_payload_fits_only_as_a_whole_20_ms_frame(byte payloadType, int length, bool fits) =>
        Assert.Equal(fits, PayloadFit.Fits(payloadType, new byte[length]));

    [Theory]
    [InlineData(new byte[] { 0xF8 }, true)]                 // a TOC byte alone is a valid Opus packet (DTX, RFC 6716 §3.2.1)
    [InlineData(new byte[] { 0x19, 7, 7 }, true)]           // two 60 ms frames: any duration Opus allows fits
    [InlineData(new byte[] { }, false)]                     // RFC 6716 §3.4 R1: at least one byte
    [InlineData(new byte[] { 0x19, 7 }, false)]             // R3: two equal frames in an odd number of bytes
    public void An_Opus_payload_fits_when_it_is_a_well_formed_packet(byte[] payload, bool fits) =>
        Assert.Equal(fits, PayloadFit.Fits(AudioCodecs.OpusPayloadType, payload));
}
