using Sala.Calls.Devices;
using Sala.Calls.Media;
using Sala.Media;
using Sala.Protocol.Calls;

namespace Sala.Calls;

public sealed partial class CallAgent
{
    /// <summary>
    /// Carries out what the state machine decided; called with the lock held. <paramref name="endReason"/> replaces
    /// the reason of a call ended here when this side knows better than the machine why (a refused peer).
    /// </summary>
    private void Apply(IReadOnlyList<CallEffect> effects, CallEndReason? endReason = null)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case SendSignal send:
                    _transport.Send(_security.Outgoing(send.Message, _machine.Current).ToBytes(), send.To);
                    break;
                case IncomingCall incoming:
                    _events.Writer.TryWrite(new IncomingCallEvent(incoming.Call)
                    {
                        CallerIdentity = _security.InfoFor(incoming.Call.CallId).PeerIdentity,
                    });
                    break;
                case CallConnected connected:
                    if (StartMedia(connected.Call, sendAtOnce: true))
                        _events.Writer.TryWrite(new CallConnectedEvent(connected.Call, _security.InfoFor(connected.Call.CallId)));
                    else
                        Apply(_machine.HangUp());
                    break;
                case CallEnded ended:
                    var statistics = StopMedia();
                    _events.Writer.TryWrite(new CallEndedEvent(ended.Call, endReason ?? ended.Reason, statistics));
                    break;
            }
        }
        RearmTimer();
    }

    /// <summary>
    /// Opens the devices and starts the call's audio, unless it already runs for this call; it sends only once
    /// <paramref name="sendAtOnce"/> says so (a callee waits for the go-ahead).
    /// </summary>
    private bool StartMedia(CallInfo call, bool sendAtOnce)
    {
        if (_media is not null && _mediaCallId == call.CallId)
        {
            if (sendAtOnce)
                _media.StartSending();
            return true;
        }
        MediaSession media;
        try
        {
            var microphone = _devices.OpenMicrophone();
            try
            {
                media = new MediaSession(_transport, call.Peer, microphone, _devices.OpenSpeaker(), _options.Codec, _time,
                    _security.KeysFor(call.CallId), failure => _events.Writer.TryWrite(new CallProblemEvent(failure)),
                    $"{_options.LocalName}@sala", _options.VoiceProcessing, _options.Dtx, sendAtOnce,
                    packetMilliseconds: call.PeerPacketTime ?? AudioFormat.FrameMilliseconds, frameMilliseconds: FrameMillisecondsFor(call));
            }
            catch
            {
                microphone.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is AudioDeviceUnavailableException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _events.Writer.TryWrite(new CallProblemEvent($"cannot open the audio devices: {ex.Message}"));
            return false;
        }
        media.Muted = _muted;
        LogKeys(call.CallId, media);
        _mediaPeer = call.Peer;
        _mediaCallId = call.CallId;
        _media = media;
        media.Start(_options.FrameClock);
        return true;
    }

    /// <summary>With a key log (a debugging aid), the keys of each direction and the SSRC they protect.</summary>
    private void LogKeys(string callId, MediaSession media)
    {
        if (_options.KeyLog is not { } log || _security.KeysFor(callId) is not { } keys)
            return;
        log.Sending(callId, media.Ssrc, keys.SendKey, keys.SendSalt);
        // Known at the peer's first packet, on the audio thread: the file is written from the thread pool.
        media.PeerStreamStarted = ssrc => ThreadPool.QueueUserWorkItem(_ => log.Receiving(callId, ssrc, keys.ReceiveKey, keys.ReceiveSalt));
    }

    private MediaStatistics? StopMedia()
    {
        var media = _media;
        if (media is null)
            return null;
        _media = null;
        _mediaPeer = null;
        _mediaCallId = null;
        var statistics = media.Statistics;
        _stoppingMedia.RemoveAll(t => t.IsCompleted);
        _stoppingMedia.Add(media.DisposeAsync().AsTask());
        return statistics;
    }

    /// <summary>
    /// The call's audio runs on 10 ms frames when either side asked for 10 ms packets: whoever asked wants the lower
    /// delay, which needs both capture and playout on 10 ms (two 10 ms packets per 20 ms frame would save nothing).
    /// </summary>
    private int FrameMillisecondsFor(CallInfo call) =>
        _options.PacketTime == AudioFormat.ShortFrameMilliseconds || call.PeerPacketTime == AudioFormat.ShortFrameMilliseconds
            ? AudioFormat.ShortFrameMilliseconds
            : AudioFormat.FrameMilliseconds;

    private void RearmTimer()
    {
        if (_disposed)
            return;
        if (_machine.NextDeadline is not { } deadline)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var wait = deadline - _time.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
