using System.Net;
using Sala.Protocol.Ice;

namespace Sala.Calls.Connectivity;

/// <summary>
/// A candidate pair (RFC 8445 §6.1.2) as Sala forms them: every local candidate of the call port shares one socket,
/// so a pair is just "straight out of the port, or out of our relay" and the peer's address.
/// </summary>
internal sealed class CheckPair(bool viaRelay, IPEndPoint remote, IceCandidateKind remoteKind, ulong priority)
{
    public bool ViaRelay { get; } = viaRelay;

    public IPEndPoint Remote { get; } = remote;

    public IceCandidateKind RemoteKind { get; } = remoteKind;

    public ulong Priority { get; } = priority;

    public CheckState State { get; set; }

    /// <summary>Our address as the peer saw it in the check that succeeded.</summary>
    public IPEndPoint? Mapped { get; set; }

    /// <summary>A triggered check (RFC 8445 §7.3.1.4) was started for it: one is enough.</summary>
    public bool Triggered { get; set; }

    public bool Is(bool viaRelay, IPEndPoint remote) => ViaRelay == viaRelay && Remote.Equals(remote);

    public override string ToString() => $"{(ViaRelay ? "relay" : "port")} -> {Remote} ({RemoteKind}, {State})";
}
