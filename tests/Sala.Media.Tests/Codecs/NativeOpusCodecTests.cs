using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Codecs;

/// <summary>
/// libopus through <see cref="NativeOpusAudioEncoder"/> and <see cref="NativeOpusAudioDecoder"/>. These fail, not
/// skip, without libopus: tests/env/opus.sh installs it.
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

    [Theory]
    [InlineData(OpusImplementation.Native, OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Managed, OpusImplementation.Native)]
    public void FecOfOneImplementation_RebuildsLostFramesWithTheOther(OpusImplementation encodedWith, OpusImplementation decodedWith)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(encodedWith);
        var payloads = CodecLoop.EncodeAll(encoder, Speech);
        var lost = Enumerable.Range(1, payloads.Length - 2).Where(f => f % 7 == 3).ToHashSet();

        using var withFec = AudioCodecs.CreateOpusDecoder(decodedWith);
        var fec = CodecLoop.DecodeAll(withFec, payloads, lost, useFec: true);
        using var withPlc = AudioCodecs.CreateOpusDecoder(decodedWith);
        var plc = CodecLoop.DecodeAll(withPlc, payloads, lost, useFec: false);

        var delay = AudioAnalysis.FindOffset(Speech, fec, maxLag: 960);
        var fecError = ErrorOver(fec, delay, lost);
        var plcError = ErrorOver(plc, delay, lost);
        Assert.True(fecError < 0.8 * plcError, $"FEC error {fecError:0}, PLC error {plcError:0}");
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

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public void Decode_OfAnyBytes_FillsTheFrameWithoutThrowing(byte[] payload, bool asFec)
    {
        using var decoder = new NativeOpusAudioDecoder();
        var frame = new short[AudioFormat.SamplesPerFrame];

        if (asFec)
            decoder.Conceal(payload, frame);
        else
            decoder.Decode(payload, frame);
    }

    [Fact]
    public void Identity_IsOpus111_DescribedWithTheLibraryVersion()
    {
        using var encoder = new NativeOpusAudioEncoder();
        using var decoder = new NativeOpusAudioDecoder();

        Assert.Equal((byte)111, encoder.PayloadType);
        Assert.Equal((byte)111, decoder.PayloadType);
        Assert.Equal("opus", encoder.Name);
        Assert.Equal($"opus ({AudioCodecs.NativeOpusVersion})", encoder.Description);
    }

    [Fact]
    public void Encode_RejectsAFrameOfTheWrongLength()
    {
        using var encoder = new NativeOpusAudioEncoder();

        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[480], new byte[1500]));
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

    private static double ErrorOver(short[] output, int delay, IEnumerable<int> frames)
    {
        var sum = 0.0;
        foreach (var f in frames)
        {
            for (var i = f * AudioFormat.SamplesPerFrame; i < (f + 1) * AudioFormat.SamplesPerFrame; i++)
            {
                double d = (i >= delay ? Speech[i - delay] : 0) - output[i];
                sum += d * d;
            }
        }

        return Math.Sqrt(sum);
    }
}
