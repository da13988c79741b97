namespace Sala.Protocol.Ice;

/// <summary>Where a candidate address comes from (RFC 8445 §5.1.1), with its one-letter code on the wire.</summary>
public enum IceCandidateKind
{
    /// <summary><c>h</c>: an address of the machine itself.</summary>
    Host,

    /// <summary><c>s</c>: the address a NAT gave us, as a STUN server saw it.</summary>
    ServerReflexive,

    /// <summary><c>p</c>: an address learned from a connectivity check (a NAT mapping nobody announced).</summary>
    PeerReflexive,

    /// <summary><c>r</c>: an address on a TURN relay.</summary>
    Relayed,
}
