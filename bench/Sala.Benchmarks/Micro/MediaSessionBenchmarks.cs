using System.Net;
using BenchmarkDotNet.Attributes;
using Sala.Calls.Media;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Micro;

/// <summary>
/// The whole per-frame work of a call's media loop, as <c>MediaSession</c> does it every 20 ms: read the microphone,
/// encode, write the RTP header, send (to a fake sender that hands the packet back as received), take the received
/// packet off the queue into the jitter buffer, decode, write the speaker; and every tenth frame the statistics
/// snapshot. Baseline: the codec alone, one encode and one decode of the same frame on the same libopus.
/// </summary>
[MemoryDiagnoser]
public class MediaSessionBenchmarks : IAsyncDisposable
{
    private const int StatisticsEveryFrames = 10;

    private readonly ManualClock _clock = new();
    private readonly LoopbackSender _sender = new();
    private readonly MediaSession _session;
    private readonly IAudioEncoder _encoder = AudioCodecs.CreateOpusEncoder(OpusImplementation.Native);
    private readonly IAudioDecoder _decoder = AudioCodecs.CreateOpusDecoder(OpusImplementation.Native);
    private readonly byte[] _payload = new byte[1500];
    private readonly short[] _frame = new short[AudioFormat.SamplesPerFrame];
    private long _frameIndex;
    private int _codecFrame;

    public MediaSessionBenchmarks()
    {
        if (AudioCodecs.Opus != OpusImplementation.Native)
            throw new InvalidOperationException("The media session benchmark compares with libopus: install it (libopus0).");
        _session = new MediaSession(_sender, new IPEndPoint(IPAddress.Loopback, 9), new LoopedSpeechSource(), new NullSink(),
            AudioCodecs.OpusName, _clock);
        _sender.Session = _session;
    }

    [GlobalSetup]
    public void Start()
    {
        for (var i = 0; i < 100; i++)
            SessionFrame();
    }

    [Benchmark(Baseline = true, Description = "codec alone: encode + decode 20 ms, libopus")]
    public void CodecAlone()
    {
        var length = _encoder.Encode(Speech.Frame(_codecFrame++), _payload);
        _decoder.Decode(_payload.AsSpan(0, length), _frame);
    }

    [Benchmark(Description = "media session: one frame each way")]
    public void SessionFrame()
    {
        var frame = _frameIndex++;
        _session.ProcessFrame(AudioFormat.FrameDuration * frame);
        if (frame % StatisticsEveryFrames == 0)
            _session.PublishStatistics();
        _clock.Advance(AudioFormat.FrameDuration);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        _encoder.Dispose();
        _decoder.Dispose();
        GC.SuppressFinalize(this);
    }
}
