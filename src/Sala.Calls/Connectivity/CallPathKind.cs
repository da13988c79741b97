namespace Sala.Calls.Connectivity;

/// <summary>How a call's datagrams travel, as the user is told.</summary>
public enum CallPathKind
{
    /// <summary>Straight to the peer's own address: no NAT on either side.</summary>
    Direct,

    /// <summary>Straight to the peer, through one NAT or two (a mapping opened by the checks).</summary>
    DirectThroughNat,

    /// <summary>Through a TURN relay, ours or the peer's.</summary>
    Relayed,
}
