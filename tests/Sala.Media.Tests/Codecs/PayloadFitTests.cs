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
    [InlineData(AudioCodecs.OpusPayloadType, 1, true)]      // a TOC byte alone is a valid Opus packet (DTX, RFC 6716 §3.2.1)
    [InlineData(AudioCodecs.OpusPayloadType, 0, false)]     // RFC 6716 §3.4 R1: at least one byte
    [InlineData(0, 160, true)]                              // unknown types are the playout's to reject
    public void A_payload_fits_its_codec_only_at_lengths_the_codec_can_send(byte payloadType, int length, bool fits) =>
        Assert.Equal(fits, PayloadFit.Fits(payloadType, length));
}
