using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Media.Jitter;

namespace Sala.Media.Tests.Codecs;

/// <summary>
/// Opus DTX (RFC 7587 §3.1.3) on both implementations: a second of speech, two seconds of faint room noise (about
/// -65 dBFS), then the speech again, encoded 20 ms at a time as a call does.
/// </summary>
public sealed class OpusDtxTests
{
    private const int SpeechFrames = 50;
    private const int PauseFrames = 100;
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(1), seed: 7);
    private static readonly short[] Signal = SpeechPauseSpeech();

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void Dtx_SendsOneFrameInTwentyOfAPause_AndEveryFrameOfSpeech(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation, dtx: true);
        var lengths = CodecLoop.EncodeAll(encoder, Signal).Select(p => p.Length).ToArray();

        Assert.True(encoder.Dtx);
        Assert.All(lengths[..SpeechFrames], l => Assert.True(l > 0));
        // The encoder's voice detection waits 200 ms into the pause before it stops sending (SILK's DTX hangover).
        var pause = lengths[(SpeechFrames + 20)..(SpeechFrames + PauseFrames)];
        var sent = pause.Count(l => l > 0);
        Assert.InRange(sent, 3, 5);
        // What does go out is small: payload bits over the pause, about 1 kbit/s.
        Assert.True(pause.Sum() * 8 / (pause.Length * 0.02) < 1500, $"{pause.Sum()} bytes");
        Assert.True(lengths[^20..].All(l => l > 0));
    }

    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void WithoutDtx_EveryFrameIsSent(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation);
        Assert.False(encoder.Dtx);
        Assert.All(CodecLoop.EncodeAll(encoder, Signal), p => Assert.True(p.Length > 2));
    }

    /// <summary>
    /// Through the playout as a call plays it: the frames the encoder did not send leave a gap in the timestamps, and
    /// the decoder's concealment after a DTX frame fills it with comfort noise, quiet but not silence. The speech on
    /// either side is heard as it was.
    /// </summary>
    [Theory]
    [InlineData(OpusImplementation.Managed)]
    [InlineData(OpusImplementation.Native)]
    public void ThroughThePlayout_APauseIsQuietComfortNoise_AndSpeechIsHeard(OpusImplementation implementation)
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(implementation, dtx: true);
        using var decoder = AudioCodecs.CreateOpusDecoder(implementation);
        var payloads = CodecLoop.EncodeAll(encoder, Signal);
        var playout = new AudioPlayout([decoder]);
        var output = new short[Signal.Length + (2 * AudioFormat.SamplesPerFrame)];
        ushort sequence = 0;
        for (var k = 0; k * AudioFormat.SamplesPerFrame < output.Length; k++)
        {
            // Frame f is sent at f × 20 ms, arrives 5 ms later, and plays at the pull two frames on.
            if (k < payloads.Length && payloads[k].Length > 0)
            {
                playout.Put(sequence++, (uint)(k * AudioFormat.SamplesPerFrame), AudioCodecs.OpusPayloadType, payloads[k], (k * AudioFormat.FrameDuration) + TimeSpan.FromMilliseconds(5));
            }

            playout.Play(output.AsSpan(k * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame), k * AudioFormat.FrameDuration);
        }

        var stats = playout.Statistics;
        Assert.Equal((0L, 0L, 0L), (stats.Lost, stats.ConcealedFec + stats.ConcealedPlc, stats.Rebuffers));
        Assert.InRange(stats.ComfortNoise, PauseFrames - 30, PauseFrames);

        var lead = 2 * AudioFormat.SamplesPerFrame;
        var pause = output.AsSpan(lead + ((SpeechFrames + 20) * AudioFormat.SamplesPerFrame), (PauseFrames - 20) * AudioFormat.SamplesPerFrame);
        var pauseLevel = AudioAnalysis.Rms(pause) * 32768;
        var inputLevel = AudioAnalysis.Rms(Signal.AsSpan((SpeechFrames + 20) * AudioFormat.SamplesPerFrame, pause.Length)) * 32768;
        // Quiet: no louder than the room was, far under the playout's quiet level (328).
        Assert.True(pauseLevel < inputLevel, $"comfort noise RMS {pauseLevel:0.0} against {inputLevel:0.0} in");
        if (implementation == OpusImplementation.Native)
        {
            // libopus keeps SILK's comfort noise going for the whole pause: noise, not a hole. (Concentus lets its
            // concealment fade to silence between the pause's frames.)
            Assert.True(pauseLevel > inputLevel / 8, $"comfort noise RMS {pauseLevel:0.0} against {inputLevel:0.0} in");
            for (var f = 0; f < pause.Length / AudioFormat.SamplesPerFrame; f++)
                Assert.True(AudioAnalysis.Rms(pause.Slice(f * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame)) > 0, $"frame {f} of the pause is silent");
        }

        var after = output.AsSpan(lead + ((SpeechFrames + PauseFrames) * AudioFormat.SamplesPerFrame), Speech.Length);
        Assert.True(AudioAnalysis.SimilarityAt(Speech, after, 0) > 0.9, $"{AudioAnalysis.SimilarityAt(Speech, after, 0):0.00}");
    }

    private static short[] SpeechPauseSpeech()
    {
        var signal = new short[(2 * SpeechFrames + PauseFrames) * AudioFormat.SamplesPerFrame];
        Speech.CopyTo(signal, 0);
        var random = new Random(3);
        for (var i = Speech.Length; i < Speech.Length + (PauseFrames * AudioFormat.SamplesPerFrame); i++)
            signal[i] = (short)random.Next(-30, 31);
        Speech.CopyTo(signal, Speech.Length + (PauseFrames * AudioFormat.SamplesPerFrame));
        return signal;
    }
}
