using System.Net;
using System.Security.Cryptography;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Drift;
using Sala.Media.Jitter;
using Sala.Calls.Media.Pacing;
using Sala.Calls.Transport;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Calls.Media;

/// <summary>
/// The audio of one call. A loop paced by an <see cref="IFrameTicker"/>, one frame per tick (20 ms, or 10 ms when a side
/// asked for 10 ms packets), reads the microphone, encodes and sends a packet once it holds the frames the peer asked for, then feeds the received packets to the playout and writes one frame to the speaker.
/// Packets wait in a queue with their arrival times: collected by the loop itself at each tick where the transport
/// can be polled (<see cref="IPollableTransport"/>), else put there by the transport's receive thread; either way
/// nothing here waits on the network. Only one stream is played (<see cref="RtpSourceSelection"/>), only payloads
/// that fit their codec reach the playout, and what is not played is counted.
/// </summary>
internal sealed class MediaSession : IAsyncDisposable
{
    private const int StatisticsEveryFrames = 10;

    private readonly IDatagramSender _transport;
    private readonly IPEndPoint _peer;
    private readonly IAudioSource _microphone;
    private readonly IAudioSink _speaker;
    private readonly IAudioEncoder _encoder;
    private readonly IAudioDecoder[] _decoders;
    private readonly AudioPlayout _playout;
    private StretchedPlayout? _stretchedPlayout;
    private readonly TimeProvider _time;
    private readonly ReceivedPacketQueue _received = new();
    private readonly int _frameSamples;
    private readonly int _framesPerPacket;
    private readonly short[] _packetAudio;
    private readonly short[] _captured;
    private readonly short[] _played;
    private readonly short[] _stretched;
    private readonly PlaybackDrift? _speakerDrift;
    private long _speakerUnderruns;
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + ReceivedPacket.Capacity];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _statisticsGate = new();
    private readonly uint _ssrc;
    private readonly long _started;
    private ushort _sequence;
    private uint _timestamp;
    private readonly RtpSourceSelection _sources = new();
    private long _invalidPayloads;
    private long _unknownPackets;
    private long _rejectedReports;
    private volatile bool _sending;
    private bool _sentBefore;
    private uint _frameTimestamp;

    // A packet of several frames (the peer asked for 40 or 60 ms): the frames captured for it so far.
    private int _packetFrames;
    private uint _packetTimestamp;
    private TimeSpan _frameTime;
    private long _packetsSent;
    private long _samplesNotSent;
    private bool _talkspurtStarts;
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
    private readonly SrtcpSender? _protectReports;
    private readonly SrtcpReceiver? _verifyReports;
    private readonly Lock _reportGate = new();
    private bool _reportKeysDisposed;
    private readonly VoiceProcessing? _voice;
    private long _rejectedPackets;
    private bool _microphoneFailureReported;
    private bool _speakerFailureReported;

    public MediaSession(
        IDatagramSender transport, IPEndPoint peer, IAudioSource microphone, IAudioSink speaker, string codec, TimeProvider time,
        CallKeys? keys = null, Action<string>? onDeviceFailure = null, string canonicalName = "sala", VoiceProcessingOptions? voice = null,
        bool dtx = false, bool sendAtOnce = true, Random? rtcpRandom = null, int packetMilliseconds = 20,
        int frameMilliseconds = AudioFormat.FrameMilliseconds)
    {
        if (frameMilliseconds is not (AudioFormat.FrameMilliseconds or AudioFormat.ShortFrameMilliseconds))
            throw new ArgumentOutOfRangeException(nameof(frameMilliseconds), frameMilliseconds, "A call runs on 20 or 10 ms frames.");
        _frameSamples = AudioFormat.SamplesIn(frameMilliseconds);
        _captured = new short[_frameSamples];
        _played = new short[_frameSamples];
        _stretched = new short[_frameSamples + 2];
        if (keys is not null)
        {
            // The call's keys are SRTP master keys; the session keys for RTP and RTCP come from SRTP's own KDF, as in any
            // SRTP stack, so a key log's master keys decrypt both.
            _protect = new SrtpSender(SrtpKeyDerivation.RtpSessionKey(keys.SendKey, keys.SendSalt), SrtpKeyDerivation.RtpSessionSalt(keys.SendKey, keys.SendSalt));
            _verify = new SrtpReceiver(SrtpKeyDerivation.RtpSessionKey(keys.ReceiveKey, keys.ReceiveSalt), SrtpKeyDerivation.RtpSessionSalt(keys.ReceiveKey, keys.ReceiveSalt));
            _protectReports = new SrtcpSender(SrtpKeyDerivation.RtcpSessionKey(keys.SendKey, keys.SendSalt), SrtpKeyDerivation.RtcpSessionSalt(keys.SendKey, keys.SendSalt));
            _verifyReports = new SrtcpReceiver(SrtpKeyDerivation.RtcpSessionKey(keys.ReceiveKey, keys.ReceiveSalt), SrtpKeyDerivation.RtcpSessionSalt(keys.ReceiveKey, keys.ReceiveSalt));
        }
        _sending = sendAtOnce;
        _onDeviceFailure = onDeviceFailure;
        _transport = transport;
        _peer = peer;
        _microphone = microphone;
        _speaker = speaker;
        _speakerDrift = speaker is IQueuedPlayback ? new PlaybackDrift(_frameSamples) : null;
        _encoder = AudioCodecs.CreateEncoder(codec, dtx);
        // The peer's wish (ptime=), met where Sala can: 10 (on 10 ms frames), 20, 40 or 60 ms of Opus; L16 goes in
        // 20 ms packets, and any other wish gets 20 ms.
        var packetTime = _encoder.PayloadType == AudioCodecs.OpusPayloadType && packetMilliseconds is 10 or 20 or 40 or 60
            && packetMilliseconds % frameMilliseconds == 0
            ? packetMilliseconds
            : AudioFormat.FrameMilliseconds;
        _framesPerPacket = packetTime / frameMilliseconds;
        _packetAudio = new short[_framesPerPacket * _frameSamples];
        _decoders = [AudioCodecs.CreateDecoder(AudioCodecs.OpusPayloadType), AudioCodecs.CreateDecoder(AudioCodecs.PcmPayloadType)];
        // A floor of half a 20 ms frame, 2.5 ms on 10 ms frames: frames are pulled every frame, so a packet already waits
        // up to a frame for its pull (the phase between the peer's clock and ours) on top of the target. With a whole
        // 20 ms frame the clean end-to-end p50 measured 60 to 67 ms, over the 60 ms goal; on 10 ms frames a 5 ms floor
        // held most packets a whole frame more than 2.5 ms did, 31 to 33 ms against 21 to 23 ms, with nothing late
        // either way on loopback (bench/Sala.Benchmarks latency, docs/benchmarks.md). The target still adds 3 × jitter.
        _playout = new AudioPlayout(_decoders, new JitterBufferOptions
        {
            MaxPayloadBytes = ReceivedPacket.Capacity,
            MinimumDelay = _frameSamples < AudioFormat.SamplesPerFrame ? AudioFormat.DurationOf(_frameSamples) / 4 : AudioFormat.FrameDuration / 2,
        });
        _time = time;
        // Random initial values, as RFC 3550 §5.1 asks, so a restarted stream is not mistaken for the old one.
        _ssrc = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _started = time.GetTimestamp();
        _rtcp = new RtcpReporter(_ssrc, canonicalName, time.GetUtcNow(), () => _time.GetElapsedTime(_started), rtcpRandom);
        _voice = VoiceProcessing.Create(voice ?? VoiceProcessingOptions.Off, _frameSamples, out var voiceProblem);
        if (voiceProblem is not null)
            onDeviceFailure?.Invoke(voiceProblem);
        CodecWarmUp.EnsureDone();
    }

    public bool Muted { get; set; }

    /// <summary>The SSRC this side sends with.</summary>
    public uint Ssrc => _ssrc;

    /// <summary>Called on the audio thread with the SSRC of each stream the peer starts (for the key log).</summary>
    public Action<uint>? PeerStreamStarted { get; set; }

    public MediaStatistics Statistics
    {
        get
        {
            MediaFigures figures;
            lock (_statisticsGate)
                figures = _figures;
            return figures.ToStatistics(_encoder.Description) with
            {
                VoiceProcessing = _voice?.Describe(), PacedBy = PacedBy, FrameMilliseconds = _frameSamples * 1000 / AudioFormat.SampleRate,
            };
        }
    }

    /// <summary>
    /// Starts the frame loop on a thread of its own, paced by <paramref name="manualClock"/> when a test gives one,
    /// else by the microphone's clock when it has one (a sound card), else by the system clock.
    /// </summary>
    public void Start(ManualFrameClock? manualClock = null)
    {
        Func<TimeSpan> now = () => _time.GetElapsedTime(_started);
        IFrameTicker ticker = manualClock is not null ? manualClock.Open(now, AudioFormat.DurationOf(_frameSamples))
            : _microphone is ICaptureClock capture ? new CaptureClockTicker(capture, now, _frameSamples)
            : new SystemClockTicker(now, _frameSamples);
        // A sound card's clock is 20 to 100 ppm off the peer's: its packets are followed by stretching frames. Files
        // and tones run on the system clock, which NTP keeps within a few ppm of the peer's: nothing to follow.
        if (ticker is CaptureClockTicker)
            _stretchedPlayout = new StretchedPlayout(_playout, _frameSamples);
        PacedBy = manualClock is not null ? "a test's hand" : ticker is CaptureClockTicker ? "the microphone's clock" : "the system clock";
        _loop = Task.Factory.StartNew(() => Run(ticker, _stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>What paces the frames, for the user: "the microphone's clock" or "the system clock".</summary>
    public string PacedBy { get; private set; } = "the system clock";

    /// <summary>Packets from the peer's address that failed SRTP authentication or were replays: never played.</summary>
    public long RejectedPackets => Interlocked.Read(ref _rejectedPackets);

    /// <summary>Whether this side sends its audio and reports yet (a callee waits for the go-ahead).</summary>
    public bool Sending => _sending;

    /// <summary>
    /// Starts sending, from the next frame on. A callee's audio is set up before its ACEITO, so the caller's first
    /// words find a playout ready, but it sends nothing until the caller's go-ahead (CALLBACK, or the caller's audio,
    /// docs/protocol.md); a caller sends at once.
    /// </summary>
    public void StartSending() => _sending = true;

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
        SendGoodbye();
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
        _protectReports?.Dispose();
        lock (_reportGate)
        {
            // The receive thread may still hand over a report: it must find the keys gone, not disposed under it.
            _reportKeysDisposed = true;
            _verifyReports?.Dispose();
        }
    }

    private void Run(IFrameTicker ticker, CancellationToken cancellationToken)
    {
        Thread.CurrentThread.Name = "sala audio";
        // Audio threads come first, as in every audio stack: a frame late is a gap heard. (Where the process may not
        // raise priorities, the runtime leaves it as it was.)
        Thread.CurrentThread.Priority = ThreadPriority.Highest;
        using (ticker)
        {
            // Received datagrams are collected here once a frame, where the transport allows it, rather than by its
            // receive thread waking for each (IPollableTransport). Opened on this thread, under no lock of the caller's.
            using var poller = (_transport as IPollableTransport)?.StartPolling();
            long frames = 0;
            while (ticker.WaitForFrame(cancellationToken, out var frameTime))
            {
                poller?.ReceivePending();
                ProcessFrame(frameTime);
                if (frames++ % StatisticsEveryFrames == 0)
                {
                    PublishStatistics();
                    ReportDeviceFailures();
                }
            }
        }
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
        _frameTime = now;
        _frameTimestamp = _timestamp;
        _timestamp += (uint)_frameSamples;
        if (_sending)
            Send(now);

        if (_stretchedPlayout is not null)
            _stretchedPlayout.Play(_played, now);
        else
            _playout.Play(_played, now);
        WriteToSpeaker();
    }

    /// <summary>
    /// Adds this frame to the packet being made and, once it holds its frames, encodes and sends it (unless DTX skips
    /// it); then the report when one is due.
    /// </summary>
    private void Send(TimeSpan now)
    {
        if (!_sentBefore)
        {
            _sentBefore = true;
            _rtcp.ScheduleFirstReport(now);
        }
        if (_packetFrames == 0)
            _packetTimestamp = _frameTimestamp;
        _captured.CopyTo(_packetAudio.AsSpan(_packetFrames * _frameSamples));
        if (++_packetFrames == _framesPerPacket)
        {
            _packetFrames = 0;
            SendPacket();
        }
        var reportLength = _rtcp.WriteReportIfDue(_report, now, _frameTimestamp, _packetsSent, _payloadOctetsSent);
        if (reportLength > 0)
            SendReport(reportLength);
    }

    private void SendPacket()
    {
        // RFC 3551 §4.1: the first packet after frames that were not sent is marked, the start of a talkspurt.
        var header = new RtpHeader(_encoder.PayloadType, _sequence, _packetTimestamp, _ssrc, _talkspurtStarts);
        var length = header.WriteTo(_packet);
        var payloadLength = _encoder.Encode(_packetAudio, _packet.AsSpan(length, _packet.Length - length - SrtpSender.TagBytes));
        if (payloadLength == 0)
        {
            // A pause, in DTX (RFC 7587 §3.1.3): nothing is sent. The sequence number waits for the next packet, so the
            // peer counts no loss, while the timestamp has moved on, so it plays comfort noise for the gap.
            _samplesNotSent += _packetAudio.Length;
            _talkspurtStarts = true;
        }
        else
        {
            _sequence++;
            _talkspurtStarts = false;
            length += payloadLength;
            if (_protect is not null)
                length = _protect.Protect(_packet, length);
            _transport.Send(_packet.AsSpan(0, length), _peer);
            _packetsSent++;
            _wireBytesSent += length + MediaStatistics.IpUdpOverhead;
            // Payload octets only (RFC 3550 §6.4.1): not the header, nor SRTP's tag.
            _payloadOctetsSent += payloadLength;
        }
    }

    /// <summary>Sends the report in <see cref="_report"/>, as SRTCP in an encrypted call.</summary>
    private void SendReport(int length)
    {
        // Only the audio loop protects, and DisposeAsync after it stopped: no lock needed on this side.
        if (_protectReports is not null)
            length = _protectReports.Protect(_report, length);
        _transport.Send(_report.AsSpan(0, length), _peer);
    }

    /// <summary>
    /// The last report, with a BYE (RFC 3550 §6.6), once the loop has stopped: the peer learns the stream ended on
    /// purpose. Only from a side that was sending; a transport already closed just loses it.
    /// </summary>
    private void SendGoodbye()
    {
        if (!_sending)
            return;
        try
        {
            SendReport(_rtcp.WriteGoodbye(_report, _frameTime, _frameTimestamp, _packetsSent, _payloadOctetsSent));
        }
        catch (ObjectDisposedException)
        {
            // The port closed with the call: nobody is left to tell.
        }
    }

    /// <summary>
    /// A speaker with a clock of its own plays a little faster or slower than this loop runs: each frame is stretched
    /// or squeezed by a sample or two while its queue strays from where it settled, never a block dropped or inserted.
    /// </summary>
    private void WriteToSpeaker()
    {
        if (_speakerDrift is null || _speaker is not IQueuedPlayback queue)
        {
            _speaker.Write(_played);
            return;
        }
        var underruns = (_speaker as IAudioDeviceCounters)?.Underruns ?? 0;
        if (underruns != _speakerUnderruns)
        {
            _speakerUnderruns = underruns;
            _speakerDrift.Resettle();
        }
        var length = _speakerDrift.NextLength(queue.QueuedSamples);
        if (length == _played.Length)
        {
            _speaker.Write(_played);
            return;
        }
        var stretched = _stretched.AsSpan(0, length);
        TimeStretch.Resample(_played, stretched);
        _speaker.Write(stretched);
    }

    private void Accept(ReadOnlySpan<byte> datagram, TimeSpan arrival)
    {
        if (!RtpHeader.TryParse(datagram, out var header, out var offset, out var length))
        {
            Interlocked.Increment(ref _unknownPackets);
            return;
        }
        var playing = _sources.Current;
        switch (_sources.Offer(header.Ssrc, header.SequenceNumber))
        {
            case SourceVerdict.Probation:
                return;
            case SourceVerdict.Switch:
                // The peer restarted its stream (RFC 3550 §8.2), proven by packets in sequence while the old one was
                // silent: old sequence numbers mean nothing now.
                _playout.Reset();
                break;
        }
        if (playing != header.Ssrc)
            PeerStreamStarted?.Invoke(header.Ssrc);
        if (!PayloadFit.Fits(header.PayloadType, datagram.Slice(offset, length)))
        {
            _invalidPayloads++;
            return;
        }
        _playout.Put(header.SequenceNumber, header.Timestamp, header.PayloadType, datagram.Slice(offset, length), arrival);
        _rtcp.OnRtp(header.Ssrc, header.SequenceNumber, header.Timestamp, arrival);
    }

    /// <summary>
    /// Called as <see cref="OnRtp"/> is, with an RTCP datagram from the peer's address. In an encrypted call only
    /// authentic SRTCP counts: anything else (plain RTCP, a forgery, a replay) is dropped and counted, so nobody
    /// without the keys can change the figures the user sees.
    /// </summary>
    public void OnRtcp(ReadOnlySpan<byte> datagram, TimeSpan waited)
    {
        var arrival = _time.GetElapsedTime(_started) - waited;
        if (_verifyReports is null)
        {
            _rtcp.OnRtcp(datagram, arrival);
            return;
        }
        if (datagram.Length is < SrtcpReceiver.MinLength or > SrtcpReceiver.MaxLength)
        {
            Interlocked.Increment(ref _rejectedReports);
            return;
        }
        Span<byte> packet = stackalloc byte[SrtcpReceiver.MaxLength];
        datagram.CopyTo(packet);
        var length = datagram.Length;
        bool authentic;
        lock (_reportGate)
            authentic = !_reportKeysDisposed && _verifyReports.TryUnprotect(packet, ref length);
        if (!authentic)
        {
            Interlocked.Increment(ref _rejectedReports);
            return;
        }
        _rtcp.OnRtcp(packet[..length], arrival);
    }

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
            _worstJitter,
            _speakerDrift?.Corrections ?? 0,
            _stretchedPlayout?.Corrections ?? 0,
            _samplesNotSent / AudioFormat.SamplesPerFrame,
            new DiscardedPackets(_invalidPayloads, _sources.ProbationDrops, Interlocked.Read(ref _unknownPackets) + _rtcp.InvalidPackets,
                Interlocked.Read(ref _rejectedReports), _rtcp.FeedbackPackets));
        lock (_statisticsGate)
            _figures = figures;
    }
}
