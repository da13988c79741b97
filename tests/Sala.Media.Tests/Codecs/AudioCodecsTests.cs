using Sala.Media.Codecs;

namespace Sala.Media.Tests.Codecs;

public sealed class AudioCodecsTests
{
    [Theory]
    [InlineData("opus", typeof(NativeOpusAudioEncoder))]
    [InlineData("OPUS", typeof(NativeOpusAudioEncoder))]
    [InlineData("pcm", typeof(PcmAudioEncoder))]
    public void CreateEncoder_ByName_PrefersNativeOpus(string name, Type expected)
    {
        // libopus is installed where the tests run (tests/env/opus.sh), so Auto resolves to it.
        using var encoder = AudioCodecs.CreateEncoder(name);

        Assert.IsType(expected, encoder);
    }

    [Theory]
    [InlineData(OpusImplementation.Managed, typeof(OpusAudioEncoder), typeof(OpusAudioDecoder), "opus (Concentus)")]
    [InlineData(OpusImplementation.Native, typeof(NativeOpusAudioEncoder), typeof(NativeOpusAudioDecoder), "opus (libopus")]
    [InlineData(OpusImplementation.Auto, typeof(NativeOpusAudioEncoder), typeof(NativeOpusAudioDecoder), "opus (libopus")]
    public void CreateOpus_OnAnImplementation(OpusImplementation implementation, Type encoderType, Type decoderType, string described)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);

        Assert.IsType(encoderType, encoder);
        Assert.IsType(decoderType, decoder);
        Assert.StartsWith(described, encoder.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, OpusImplementation.Auto)]
    [InlineData("", OpusImplementation.Auto)]
    [InlineData("AUTO", OpusImplementation.Auto)]
    [InlineData("native", OpusImplementation.Native)]
    [InlineData(" Managed ", OpusImplementation.Managed)]
    public void TryParseOpusImplementation_ReadsTheOverride(string? text, OpusImplementation expected)
    {
        Assert.True(AudioCodecs.TryParseOpusImplementation(text, out var implementation));
        Assert.Equal(expected, implementation);
    }

    [Fact]
    public void TryParseOpusImplementation_OfAnythingElse_IsFalse() =>
        Assert.False(AudioCodecs.TryParseOpusImplementation("libopus", out _));

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
