namespace Sala.Testing.Nat;

/// <summary>How a lab router translates (tests/nat/lab.sh has the nft rule behind each).</summary>
public enum NatKind
{
    /// <summary>Endpoint-independent mapping (port kept), address-and-port-dependent filtering.</summary>
    Cone,

    /// <summary>A new random port per destination: address-and-port-dependent mapping.</summary>
    Symmetric,
}
