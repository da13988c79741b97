using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>
/// Recently ended calls, so that a retransmission arriving late gets the answer it got before (the same REJEITADO,
/// an ENCERRAR ack) instead of starting something new. Bounded in count and in age; the oldest goes first.
/// </summary>
internal sealed class FinishedCalls(TimeSpan memory)
{
    private const int Capacity = 64;

    private readonly List<Entry> _entries = [];

    public void Add(string callId, IPEndPoint peer, SignalingMessage? answerToInvite, DateTimeOffset now)
    {
        _entries.RemoveAll(e => e.CallId == callId);
        if (_entries.Count == Capacity)
            _entries.RemoveAt(0);
        _entries.Add(new Entry(callId, peer, answerToInvite, now + memory));
    }

    /// <summary>True when <paramref name="callId"/> ended recently; its answer only to that call's peer.</summary>
    public bool TryFind(
        string callId, IPEndPoint from, DateTimeOffset now, out bool samePeer, out SignalingMessage? answer)
    {
        _entries.RemoveAll(e => e.ExpiresAt <= now);
        foreach (var entry in _entries)
        {
            if (entry.CallId == callId)
            {
                samePeer = PeerEndpoint.Same(entry.Peer, from);
                answer = samePeer ? entry.AnswerToInvite : null;
                return true;
            }
        }
        samePeer = false;
        answer = null;
        return false;
    }

    private sealed record Entry(
        string CallId, IPEndPoint Peer, SignalingMessage? AnswerToInvite, DateTimeOffset ExpiresAt);
}
