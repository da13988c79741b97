using System.Net;
using Sala.Protocol.Ice;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>
/// Answers the callee's checks that arrive before its answer does (RFC 8445 §7.3.1.4): the callee checks as soon as it
/// has answered, and its first checks can overtake the answer on its way through the registry. They are signed
/// with our password, which the offer gave, so they can be verified and answered already; where they came from is
/// kept, because behind a symmetric NAT that address is the only one that works, and the checks proper check it back.
/// </summary>
internal sealed class EarlyChecks(ConnectivityTransport transport, IceCredentials local, TurnAllocation? relay) : IBindingRequestHandler
{
    /// <summary>Addresses kept at most: a flood of checks from everywhere stops adding here.</summary>
    private const int MaxRequests = 16;

    private readonly Lock _gate = new();
    private readonly List<EarlyRequest> _requests = [];
    private IBindingRequestHandler? _successor;

    /// <summary>
    /// From now on, checks go to <paramref name="successor"/>; returns those that came before. Atomic with
    /// <see cref="OnBindingRequest"/>: every check is either returned here or handed to the successor, none lost.
    /// </summary>
    public IReadOnlyList<EarlyRequest> HandOver(IBindingRequestHandler successor)
    {
        lock (_gate)
        {
            _successor = successor;
            return [.. _requests];
        }
    }

    public bool OnBindingRequest(StunMessage request, IPEndPoint from, bool viaRelay)
    {
        IBindingRequestHandler? successor;
        lock (_gate)
            successor = _successor;
        if (successor is not null)
            return successor.OnBindingRequest(request, from, viaRelay);
        if (request.GetString(StunAttributeType.Username)?.StartsWith($"{local.UsernameFragment}:", StringComparison.Ordinal) != true
            || !request.VerifyIntegrity(StunCredentials.ShortTermKey(local.Password)))
            return false;
        var priority = request.TryGetUInt32(StunAttributeType.Priority, out var announced)
            ? announced
            : IceCandidate.PriorityOf(IceCandidateKind.PeerReflexive, from.Address);
        lock (_gate)
        {
            successor = _successor;
            if (successor is null && _requests.Count < MaxRequests && !_requests.Exists(r => r.From.Equals(from) && r.ViaRelay == viaRelay))
                _requests.Add(new EarlyRequest(from, viaRelay, priority));
        }
        // Handed over meanwhile: the successor answers (and keeps) it.
        if (successor is not null)
            return successor.OnBindingRequest(request, from, viaRelay);
        IceChecks.Answer(transport, relay, local, request, from, viaRelay);
        return true;
    }
}
