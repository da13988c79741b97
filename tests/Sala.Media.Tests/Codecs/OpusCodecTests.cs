using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Media.Tests.Devices;

namespace Sala.Media.Tests.Codecs;

/// <summary>
/// What both Opus implementations must do, Concentus and libopus alike (libopus must be installed: tests/env/opus.sh);
/// cross-decoding and what only the native binding has are in <see cref="NativeOpusCodecTests"/>.
/// </summary>

public sealed class OpusCodecTests
{
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void Tone_ComesOutAsTheSameTone(OpusImplementation implementation)
    {
        var tone = SourceFrames.Read(new ToneSource(440), frames: 50);
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);

        var output = CodecLoop.RoundTrip(encoder, decoder, tone);

        var delay = AudioAnalysis.FindOffset(tone, output, maxLag: 960);
        Assert.InRange(delay, 0, 480);
        var settled = output.AsSpan(delay + 4800, 24_000);
        Assert.True(AudioAnalysis.ToneLevel(settled, 440) > 0.95);
        Assert.InRange(AudioAnalysis.Rms(settled) / AudioAnalysis.Rms(tone), 0.8, 1.2);
        Assert.True(Correlation(tone.AsSpan(4800, 24_000), settled) > 0.95);
    }

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void Speech_ComesOutSimilar(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);

        var output = CodecLoop.RoundTrip(encoder, decoder, Speech);

        Assert.True(AudioAnalysis.Similarity(Speech, output) > 0.9);
    }

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void VoiceFrame_TakesAboutSixtyBytes(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);

        var payloads = CodecLoop.EncodeAll(encoder, Speech);

        var mean = payloads.Average(p => p.Length);
        Assert.InRange(mean, 30, 100);
        Assert.All(payloads, p => Assert.True(p.Length < 160, $"{p.Length} bytes"));
    }

    [Theory]
    [InlineData(OpusImplementation.Managed, OpusImplementation.Managed, 0.7)]
    [InlineData(OpusImplementation.Native, OpusImplementation.Managed, 0.8)]
    [InlineData(OpusImplementation.Managed, OpusImplementation.Native, 0.8)]
    public void LostFrame_IsRebuiltBetterFromFecThanByConcealment(OpusImplementation encodedWith, OpusImplementation decodedWith, double atMost)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(encodedWith);
        var payloads = CodecLoop.EncodeAll(encoder, Speech);
        var lost = Enumerable.Range(1, payloads.Length - 2).Where(f => f % 7 == 3).ToHashSet();

        using var withFec = AudioCodecs.CreateOpusDecoder(decodedWith);
        var fec = CodecLoop.DecodeAll(withFec, payloads, lost, useFec: true);
        using var withPlc = AudioCodecs.CreateOpusDecoder(decodedWith);
        var plc = CodecLoop.DecodeAll(withPlc, payloads, lost, useFec: false);

        // Opus delays its output by a few milliseconds: line the original up with what came out before comparing.
        var delay = AudioAnalysis.FindOffset(Speech, fec, maxLag: 960);
        var fecError = CodecLoop.ErrorOver(Speech, fec, delay, lost);
        var plcError = CodecLoop.ErrorOver(Speech, plc, delay, lost);
        Assert.True(fecError < atMost * plcError, $"FEC error {fecError:0}, PLC error {plcError:0}");
    }

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void Conceal_WithoutNextPayload_KeepsTheFrameFull(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);
        var payloads = CodecLoop.EncodeAll(encoder, SourceFrames.Read(new ToneSource(300), frames: 10));
        var frame = new short[AudioFormat.SamplesPerFrame];
        foreach (var payload in payloads)
        {
            decoder.Decode(payload, frame);
        }

        frame = Sentinel.Frame();
        decoder.Conceal([], frame);
        Sentinel.AssertOverwritten(frame);

        Assert.True(AudioAnalysis.Rms(frame) > 0.05);
    }

    [Theory]
    [InlineData(OpusImplementation.Managed, new byte[] { 0xFF })]
    [InlineData(OpusImplementation.Managed, new byte[] { 0x03, 0xFF, 0xFF, 0xFF })]
    [InlineData(OpusImplementation.Managed, new byte[] { 0xFC, 0x01, 0x02, 0x03, 0x04, 0x05 })]
    [InlineData(OpusImplementation.Native, new byte[] { 0xFF })]
    [InlineData(OpusImplementation.Native, new byte[] { 0x03, 0xFF, 0xFF, 0xFF })]
    [InlineData(OpusImplementation.Native, new byte[] { 0xFC, 0x01, 0x02, 0x03, 0x04, 0x05 })]
    public void Decode_OfGarbage_StillFillsTheFrame(OpusImplementation implementation, byte[] garbage)
    {
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);
        var frame = Sentinel.Frame();

        decoder.Decode(garbage, frame);
        Sentinel.AssertOverwritten(frame);
        frame = Sentinel.Frame();
        decoder.Conceal(garbage, frame);
        Sentinel.AssertOverwritten(frame);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public void Decode_OfAnyBytes_FillsTheFrameWithoutThrowing_Managed(byte[] payload, bool asFec) =>
        DecodeAnyBytes(OpusImplementation.Managed, payload, asFec);

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public void Decode_OfAnyBytes_FillsTheFrameWithoutThrowing_Native(byte[] payload, bool asFec) =>
        DecodeAnyBytes(OpusImplementation.Native, payload, asFec);

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void Encode_RejectsALengthNoPacketHas_AndEncodesEachPacketTime(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);

        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[500], new byte[1500]));
        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[3840], new byte[1500]));
        foreach (var samples in (int[])[480, 960, 1920, 2880])
        {
            var payload = new byte[1500];
            var length = encoder.Encode(SpeechLikeSignal.Generate(TimeSpan.FromMilliseconds(60), seed: 3).AsSpan(0, samples), payload);
            Assert.True(OpusPacket.TryGetSamples(payload.AsSpan(0, length), out var duration) && duration == samples, $"{samples}: {length} bytes");
        }
    }

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void Identity_IsOpus111(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);

        Assert.Equal((byte)111, encoder.PayloadType);
        Assert.Equal((byte)111, decoder.PayloadType);
        Assert.Equal("opus", encoder.Name);
    }

    private static double Correlation(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }

        return ab / Math.Sqrt(aa * bb);
    }

    private static void DecodeAnyBytes(OpusImplementation implementation, byte[] payload, bool asFec)
    {
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);
        var frame = Sentinel.Frame();

        if (asFec)
            decoder.Conceal(payload, frame);
        else
            decoder.Decode(payload, frame);
        Sentinel.AssertOverwritten(frame);
    }
}
