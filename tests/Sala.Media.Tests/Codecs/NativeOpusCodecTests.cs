using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Codecs;

/// <summary>
/// libopus through <see cref="NativeOpusAudioEncoder"/> and <see cref="NativeOpusAudioDecoder"/>: what only the native
/// binding has, and packets that cross from one implementation to the other (what both must do is in
/// <see cref="OpusCodecTests"/>). These fail, not skip, without libopus: tests/env/opus.sh installs it.
/// </summary>
public sealed class NativeOpusCodecTests
{
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);

    [Fact]
    public void LibOpus_Loads()
    {
        Assert.NotNull(AudioCodecs.NativeOpusVersion);
        Assert.StartsWith("libopus", AudioCodecs.NativeOpusVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpusImplementation.Native, OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Managed, OpusImplementation.Native)]
    public void PacketsOfOneImplementation_DecodeWithTheOther(OpusImplementation encodedWith, OpusImplementation decodedWith)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(encodedWith);
        using var decoder = AudioCodecs.CreateOpusDecoder(decodedWith);

        var output = CodecLoop.RoundTrip(encoder, decoder, Speech);

        Assert.True(AudioAnalysis.Similarity(Speech, output) > 0.9);
    }

    [Fact]
    public void Encoder_AllocatesNothingPerFrame()
    {
        using var encoder = new NativeOpusAudioEncoder();
        var payload = new byte[1500];
        encoder.Encode(Speech.AsSpan(0, AudioFormat.SamplesPerFrame), payload);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 1; f < Speech.Length / AudioFormat.SamplesPerFrame; f++)
            encoder.Encode(Speech.AsSpan(f * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame), payload);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Decoder_AllocatesNothingPerFrame_DecodingFecOrConcealing()
    {
        using var encoder = new NativeOpusAudioEncoder();
        var payloads = CodecLoop.EncodeAll(encoder, Speech);
        using var decoder = new NativeOpusAudioDecoder();
        var frame = new short[AudioFormat.SamplesPerFrame];
        decoder.Decode(payloads[0], frame);
        decoder.Conceal(payloads[1], frame);
        decoder.Conceal([], frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 1; f < payloads.Length - 1; f++)
        {
            switch (f % 3)
            {
                case 0:
                    decoder.Decode(payloads[f], frame);
                    break;
                case 1:
                    decoder.Conceal(payloads[f + 1], frame);
                    break;
                default:
                    decoder.Conceal([], frame);
                    break;
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Decode_OfAPacketLongerThanAFrame_IsConcealedAndCounted()
    {
        // A 40 ms SILK packet (TOC config 2, code 0) cannot fit a 20 ms frame.
        using var decoder = new NativeOpusAudioDecoder();
        var frame = new short[AudioFormat.SamplesPerFrame];
        frame.AsSpan().Fill(1000);

        decoder.Decode([0x10, 0x00, 0x00, 0x00], frame);

        Assert.Equal(1, decoder.InvalidPayloads);
        Assert.True(AudioAnalysis.Rms(frame) < 0.01);
    }

    [Fact]
    public void Description_NamesTheLibraryVersion()
    {
        using var encoder = new NativeOpusAudioEncoder();

        Assert.Equal($"opus ({AudioCodecs.NativeOpusVersion})", encoder.Description);
    }

    [Fact]
    public void UseAfterDispose_Throws()
    {
        var encoder = new NativeOpusAudioEncoder();
        var decoder = new NativeOpusAudioDecoder();
        encoder.Dispose();
        decoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(new short[AudioFormat.SamplesPerFrame], new byte[1500]));
        Assert.Throws<ObjectDisposedException>(() => decoder.Decode([], new short[AudioFormat.SamplesPerFrame]));
    }
}
