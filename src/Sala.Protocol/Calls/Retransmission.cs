using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>
/// A message sent once and then again with exponential backoff until answered or <see cref="GiveUpAt"/>, so a lossy
/// path gets several chances without flooding a dead one.
/// </summary>
internal sealed class Retransmission(
    SignalingMessage message, IPEndPoint to, DateTimeOffset sentAt, DateTimeOffset giveUpAt, CallTimings timings)
{
    private TimeSpan _interval = timings.RetransmitInitial;

    public SignalingMessage Message { get; } = message;

    public IPEndPoint To { get; } = to;

    public DateTimeOffset NextSend { get; private set; } = sentAt + timings.RetransmitInitial;

    public DateTimeOffset GiveUpAt { get; } = giveUpAt;

    /// <summary>The earliest moment something is due: a resend, or dropping it.</summary>
    public DateTimeOffset Deadline => NextSend < GiveUpAt ? NextSend : GiveUpAt;

    public bool IsFor(string callId, IPEndPoint from) => Message.CallId == callId && PeerEndpoint.Same(To, from);

    /// <summary>Adds the resend to <paramref name="effects"/> when it is due, and schedules the next one.</summary>
    public void SendIfDue(DateTimeOffset now, List<CallEffect> effects)
    {
        if (now < NextSend)
            return;
        effects.Add(new SendSignal(Message, To));
        _interval = _interval * 2 < timings.RetransmitMax ? _interval * 2 : timings.RetransmitMax;
        NextSend = now + _interval;
    }
}
