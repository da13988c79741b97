using System.Net;
using System.Security.Cryptography;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Jitter;
using Sala.Calls.Transport;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Calls.Media;

/// <summary>
/// The audio of one call. A loop paced by the audio clock, one 20 ms frame per tick, reads the microphone, encodes
/// and sends one RTP packet, then feeds the received packets to the playout and writes one frame to the speaker.
/// Packets wait in a queue with their arrival times: collected by the loop itself at each tick where the transport
/// can be polled (<see cref="IPollableTransport"/>), else put there by the transport's receive thread; either way
/// nothing here waits on the network.
/// </summary>
internal sealed class MediaSession : IAsyncDisposable
{
    /// <summary>After a stall longer than this, the missed frames are skipped rather than caught up in a burst.</summary>
    private const int MaxCatchUpFrames = 50;
    private const int StatisticsEveryFrames = 10;
    private static readonly TimeSpan TickMargin = TimeSpan.FromMilliseconds(2);

    private readonly IDatagramSender _transport;
    private readonly IPEndPoint _peer;
    private readonly IAudioSource _microphone;
    private readonly IAudioSink _speaker;
    private readonly IAudioEncoder _encoder;
    private readonly IAudioDecoder[] _decoders;
    private readonly AudioPlayout _playout;
    private readonly TimeProvider _time;
    private readonly ReceivedPacketQueue _received = new();
    private readonly short[] _captured = new short[AudioFormat.SamplesPerFrame];
    private readonly short[] _played = new short[AudioFormat.SamplesPerFrame];
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + ReceivedPacket.Capacity];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _statisticsGate = new();
    private readonly uint _ssrc;
    private readonly long _started;
    private ushort _sequence;
    private uint _timestamp;
    private uint? _peerSsrc;
    private long _packetsSent;
    private long _wireBytesSent;
    private long _packetsReceived;
    private long _wireBytesReceived;
    private MediaFigures _figures;
    private Task _loop = Task.CompletedTask;
    private readonly Action<string>? _onDeviceFailure;
    private readonly SrtpSender? _protect;
    private readonly RtcpReporter _rtcp;
    private readonly byte[] _report = new byte[RtcpReporter.MaxReportBytes];
    private long _payloadOctetsSent;
    private TimeSpan _jitterSum;
    private TimeSpan _worstJitter;
    private long _jitterSamples;
    private readonly SrtpReceiver? _verify;
    private readonly VoiceProcessing? _voice;
    private long _rejectedPackets;
    private bool _microphoneFailureReported;
    private bool _speakerFailureReported;

    public MediaSession(
        IDatagramSender transport, IPEndPoint peer, IAudioSource microphone, IAudioSink speaker, string codec, TimeProvider time,
        CallKeys? keys = null, Action<string>? onDeviceFailure = null, string canonicalName = "sala", VoiceProcessingOptions? voice = null)
    {
        if (keys is not null)
        {
            _protect = new SrtpSender(keys.SendKey, keys.SendSalt);
            _verify = new SrtpReceiver(keys.ReceiveKey, keys.ReceiveSalt);
        }
        _onDeviceFailure = onDeviceFailure;
        _transport = transport;
        _peer = peer;
        _microphone = microphone;
        _speaker = speaker;
        _encoder = AudioCodecs.CreateEncoder(codec);
        _decoders = [AudioCodecs.CreateDecoder(AudioCodecs.OpusPayloadType), AudioCodecs.CreateDecoder(AudioCodecs.PcmPayloadType)];
        // Half a frame of floor: frames are pulled every 20 ms, so a packet already waits 0 to 20 ms for its pull (the
        // phase between the peer's clock and ours) on top of the target. With a whole frame the clean end-to-end p50
        // measured 60 to 67 ms, over the 60 ms goal (bench/Sala.Benchmarks latency, docs/benchmarks.md).
        _playout = new AudioPlayout(_decoders, new JitterBufferOptions
        {
            MaxPayloadBytes = ReceivedPacket.Capacity,
            MinimumDelay = AudioFormat.FrameDuration / 2,
        });
        _time = time;
        // Random initial values, as RFC 3550 §5.1 asks, so a restarted stream is not mistaken for the old one.
        _ssrc = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _started = time.GetTimestamp();
        _rtcp = new RtcpReporter(_ssrc, canonicalName, time);
        _voice = VoiceProcessing.Create(voice ?? VoiceProcessingOptions.Off, out var voiceProblem);
        if (voiceProblem is not null)
            onDeviceFailure?.Invoke(voiceProblem);
        CodecWarmUp.EnsureDone();
    }

    public bool Muted { get; set; }

    public MediaStatistics Statistics
    {
        get
        {
            MediaFigures figures;
            lock (_statisticsGate)
                figures = _figures;
            return figures.ToStatistics(_encoder.Description) with { VoiceProcessing = _voice?.Describe() };
        }
    }

    /// <summary>
    /// On the real clock the loop has a thread of its own that sleeps to each frame's deadline: a timer continuation
    /// on the thread pool 50 times a second woke a pool worker that spun looking for more work after each frame, and
    /// that cost more CPU than the frame itself (docs/benchmarks.md, CPU of a call). A fake clock in tests only
    /// advances through its timers, so it keeps the <see cref="PeriodicTimer"/>.
    /// </summary>
    public void Start() => _loop = _time == TimeProvider.System
        ? Task.Factory.StartNew(() => RunOnOwnThread(_stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
        : RunAsync(_stop.Token);

    /// <summary>Packets from the peer's address that failed SRTP authentication or were replays: never played.</summary>
    public long RejectedPackets => Interlocked.Read(ref _rejectedPackets);

    /// <summary>
    /// Called on the receive thread (or this session's own, polling the transport) with an RTP datagram from the
    /// peer's address, which arrived <paramref name="waited"/> ago. Verified and decrypted here, so that only
    /// authentic packets count as the peer being alive; false for anything else.
    /// </summary>
    public bool OnRtp(ReadOnlySpan<byte> datagram, TimeSpan waited)
    {
        if (!_received.TryRent(datagram, _time.GetElapsedTime(_started) - waited, out var packet))
            return false;
        if (_verify is not null)
        {
            var length = packet.Length;
            if (!_verify.TryUnprotect(packet.Buffer, ref length))
            {
                Interlocked.Increment(ref _rejectedPackets);
                _received.Return(packet);
                return false;
            }
            packet.Length = length;
        }
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _wireBytesReceived, datagram.Length + MediaStatistics.IpUdpOverhead);
        _received.Enqueue(packet);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        PublishStatistics();
        _stop.Dispose();
        _encoder.Dispose();
        foreach (var decoder in _decoders)
            decoder.Dispose();
        _microphone.Dispose();
        _speaker.Dispose();
        _voice?.Dispose();
        _protect?.Dispose();
        _verify?.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var clock = new PeriodicTimer(AudioFormat.FrameDuration, _time);
        // Frame times are counted from the timer's first tick, not from construction: otherwise every frame runs
        // late by the phase between the two (codec warm-up, scheduling; anything from 0 to 20 ms), and packets that
        // arrived within that phase wait a whole frame more. The margin keeps a tick that fires a hair early on time.
        var origin = _time.GetElapsedTime(_started) - TickMargin;
        long frames = 0;
        try
        {
            do
                frames = ProcessDueFrames(origin, frames);
            while (await clock.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void RunOnOwnThread(CancellationToken cancellationToken)
    {
        Thread.CurrentThread.Name = "sala audio";
        // Received datagrams are collected here once a frame, where the transport allows it, rather than by its
        // receive thread waking for each (IPollableTransport). Opened on this thread, under no lock of the caller's.
        using var poller = (_transport as IPollableTransport)?.StartPolling();
        // The same frame times as the timer's: the first frame now, then one every 20 ms, each processed once its
        // time plus the margin has come, so a wait that ends a hair early does not lose a frame.
        var origin = _time.GetElapsedTime(_started) - TickMargin;
        long frames = 0;
        do
        {
            poller?.ReceivePending();
            frames = ProcessDueFrames(origin, frames);
        }
        while (!cancellationToken.WaitHandle.WaitOne(UntilNextFrame(origin, frames)));
    }

    /// <summary>
    /// Processes every frame due by now from number <paramref name="frames"/> on, and returns the next number. Each
    /// frame runs at its own time: the time it was due plus the margin, or now if that is earlier, so packets that
    /// arrived before the loop woke are played at this frame (with the frame's time alone they waited 2 ms longer,
    /// measured by bench/Sala.Benchmarks latency), while after a stall the frames caught up in a burst still take
    /// only the packets that had come by their own time.
    /// </summary>
    private long ProcessDueFrames(TimeSpan origin, long frames)
    {
        var now = _time.GetElapsedTime(_started);
        var due = (long)((now - origin) / AudioFormat.FrameDuration) + 1;
        if (due - frames > MaxCatchUpFrames)
            frames = due - MaxCatchUpFrames;
        for (; frames < due; frames++)
        {
            var frameTime = origin + (AudioFormat.FrameDuration * frames) + TickMargin;
            ProcessFrame(frameTime < now ? frameTime : now);
            if (frames % StatisticsEveryFrames == 0)
            {
                PublishStatistics();
                ReportDeviceFailures();
            }
        }
        return frames;
    }

    /// <summary>Whole milliseconds, rounded up, until frame number <paramref name="frame"/> is due.</summary>
    private int UntilNextFrame(TimeSpan origin, long frame)
    {
        var wait = origin + (AudioFormat.FrameDuration * frame) + TickMargin - _time.GetElapsedTime(_started);
        return wait <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(wait.TotalMilliseconds);
    }

    internal void ProcessFrame(TimeSpan now)
    {
        // Only what had arrived by this frame's time: when the loop catches up after a stall, packets that queued
        // meanwhile are handed over as they would have been on time, not all at the first frame.
        while (_received.TryDequeue(now, out var packet))
        {
            Accept(packet.Buffer.AsSpan(0, packet.Length), packet.Arrival);
            _received.Return(packet);
        }

        _microphone.Read(_captured);
        // _played still holds what the speaker was handed last: the far end this capture may have picked up again.
        _voice?.Process(_played, _captured);
        if (Muted)
            Array.Clear(_captured);
        var header = new RtpHeader(_encoder.PayloadType, _sequence++, _timestamp, _ssrc);
        _timestamp += AudioFormat.SamplesPerFrame;
        var length = header.WriteTo(_packet);
        length += _encoder.Encode(_captured, _packet.AsSpan(length, _packet.Length - length - SrtpSender.TagBytes));
        if (_protect is not null)
            length = _protect.Protect(_packet, length);
        _transport.Send(_packet.AsSpan(0, length), _peer);
        _packetsSent++;
        _wireBytesSent += length + MediaStatistics.IpUdpOverhead;
        _payloadOctetsSent += length - RtpHeader.FixedLength;
        var reportLength = _rtcp.WriteReportIfDue(_report, now, _timestamp, _packetsSent, _payloadOctetsSent);
        if (reportLength > 0)
            _transport.Send(_report.AsSpan(0, reportLength), _peer);

        _playout.Play(_played, now);
        _speaker.Write(_played);
    }

    private void Accept(ReadOnlySpan<byte> datagram, TimeSpan arrival)
    {
        if (!RtpHeader.TryParse(datagram, out var header, out var offset, out var length))
            return;
        if (_peerSsrc != header.Ssrc)
        {
            // The peer restarted its stream (RFC 3550 §8.2): old sequence numbers mean nothing now.
            if (_peerSsrc is not null)
                _playout.Reset();
            _peerSsrc = header.Ssrc;
        }
        _playout.Put(header.SequenceNumber, header.Timestamp, header.PayloadType, datagram.Slice(offset, length), arrival);
        _rtcp.OnRtp(header.Ssrc, header.SequenceNumber, header.Timestamp, arrival);
    }

    /// <summary>Called as <see cref="OnRtp"/> is, with an RTCP datagram from the peer's address.</summary>
    public void OnRtcp(ReadOnlySpan<byte> datagram, TimeSpan waited) => _rtcp.OnRtcp(datagram, _time.GetElapsedTime(_started) - waited);

    /// <summary>
    /// A device that failed (unplugged, sound server gone) goes silent on its own; the user is told once, and the call
    /// goes on so the other side can still be heard or hear.
    /// </summary>
    private void ReportDeviceFailures()
    {
        if (!_microphoneFailureReported && _microphone is IAudioDeviceCounters { Failure: { } micFailure })
        {
            _microphoneFailureReported = true;
            _onDeviceFailure?.Invoke($"the microphone stopped: {micFailure}");
        }
        if (!_speakerFailureReported && _speaker is IAudioDeviceCounters { Failure: { } speakerFailure })
        {
            _speakerFailureReported = true;
            _onDeviceFailure?.Invoke($"the speaker stopped: {speakerFailure}");
        }
    }

    internal void PublishStatistics()
    {
        var playout = _playout.Statistics;
        if (playout.Received > 0)
        {
            _jitterSum += playout.Jitter;
            _jitterSamples++;
            if (playout.Jitter > _worstJitter)
                _worstJitter = playout.Jitter;
        }
        var figures = new MediaFigures(
            _time.GetElapsedTime(_started),
            _packetsSent,
            _wireBytesSent,
            Interlocked.Read(ref _packetsReceived),
            Interlocked.Read(ref _wireBytesReceived),
            _received.Overruns,
            AudioAnalysis.Rms(_captured),
            AudioAnalysis.Rms(_played),
            playout,
            DeviceGlitches.Of(_microphone, _speaker),
            _protect is not null,
            RejectedPackets,
            _rtcp.Figures,
            _jitterSamples == 0 ? TimeSpan.Zero : _jitterSum / _jitterSamples,
            _worstJitter);
        lock (_statisticsGate)
            _figures = figures;
    }
}
