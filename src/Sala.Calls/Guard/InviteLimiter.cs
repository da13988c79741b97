using System.Net;
using Sala.Protocol.Limits;

namespace Sala.Calls.Guard;

/// <summary>
/// Limits how many invitations are even looked at: a few per second from any one address, a few more from everyone
/// together. A flood of CONVITEs under made-up names then costs neither key agreements nor a reply each, while a
/// real caller, whose retransmissions come at 0.5, 1, 2 and 4 s, always gets through.
/// </summary>
internal sealed class InviteLimiter(TimeProvider time)
{
    private const double PerSourcePerSecond = 2;
    private const double PerSourceBurst = 5;
    private const double TotalPerSecond = 10;
    private const double TotalBurst = 20;

    /// <summary>Sources remembered; beyond that the oldest are forgotten (a flood from many addresses still meets the total).</summary>
    private const int MaxSources = 256;

    private readonly TokenBucket _total = new(time, TotalPerSecond, TotalBurst);
    private readonly Dictionary<IPAddress, TokenBucket> _sources = [];
    private readonly Queue<IPAddress> _order = new();

    public long Refused { get; private set; }

    public bool TryAdmit(IPAddress source)
    {
        if (!_sources.TryGetValue(source, out var bucket))
        {
            if (_order.Count == MaxSources)
                _sources.Remove(_order.Dequeue());
            bucket = new TokenBucket(time, PerSourcePerSecond, PerSourceBurst);
            _sources[source] = bucket;
            _order.Enqueue(source);
        }
        if (bucket.TryTake() && _total.TryTake())
            return true;
        Refused++;
        return false;
    }
}
