using Sala.Media.Codecs;

namespace Sala.Media.Tests.Codecs;

public sealed class AudioCodecsTests
{
    [Theory]
    [InlineData("opus", typeof(OpusAudioEncoder))]
    [InlineData("OPUS", typeof(OpusAudioEncoder))]
    [InlineData("pcm", typeof(PcmAudioEncoder))]
    public void CreateEncoder_ByName(string name, Type expected)
    {
        using var encoder = AudioCodecs.CreateEncoder(name);

        Assert.IsType(expected, encoder);
    }

    [Fact]
    public void CreateEncoder_OfAnUnknownName_SaysWhichNamesExist()
    {
        var error = Assert.Throws<ArgumentException>(() => AudioCodecs.CreateEncoder("g711"));

        Assert.Contains("opus", error.Message, StringComparison.Ordinal);
        Assert.Contains("pcm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("opus")]
    [InlineData("pcm")]
    public void CreateDecoder_ByTheEncodersPayloadType_PairsWithIt(string name)
    {
        using var encoder = AudioCodecs.CreateEncoder(name);
        using var decoder = AudioCodecs.CreateDecoder(encoder.PayloadType);

        Assert.Equal(encoder.PayloadType, decoder.PayloadType);
    }

    [Fact]
    public void TryCreateDecoder_OfAnUnknownPayloadType_IsFalse()
    {
        Assert.False(AudioCodecs.TryCreateDecoder(0, out var decoder));
        Assert.Null(decoder);
        Assert.Throws<ArgumentException>(() => AudioCodecs.CreateDecoder(96));
    }
}
