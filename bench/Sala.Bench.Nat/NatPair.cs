namespace Sala.Bench.Nat;

/// <summary>One cell of the matrix: the routers' kinds, who calls whom, and whether the registry offers a relay.</summary>
internal sealed record NatPair(string Name, NatKind RouterA, NatKind RouterB, LabHost Caller, LabHost Callee, bool WithRelay)
{
    /// <summary>The pairs of tests/Sala.Nat.Tests that make a call (the no-relay failure case measures nothing).</summary>
    public static IReadOnlyList<NatPair> Matrix { get; } =
    [
        new("cone <-> cone", NatKind.Cone, NatKind.Cone, LabHost.HomeA, LabHost.HomeB, WithRelay: true),
        new("public -> cone", NatKind.Cone, NatKind.Cone, LabHost.Public, LabHost.HomeB, WithRelay: true),
        new("cone -> public", NatKind.Cone, NatKind.Cone, LabHost.HomeB, LabHost.Public, WithRelay: true),
        new("symmetric <-> symmetric", NatKind.Symmetric, NatKind.Symmetric, LabHost.HomeA, LabHost.HomeB, WithRelay: true),
        new("symmetric <-> cone", NatKind.Symmetric, NatKind.Cone, LabHost.HomeA, LabHost.HomeB, WithRelay: true),
        new("public <-> public (IPv6)", NatKind.Cone, NatKind.Cone, LabHost.Public, LabHost.Public2, WithRelay: false),
        new("LAN (home A)", NatKind.Cone, NatKind.Cone, LabHost.HomeA, LabHost.HomeA2, WithRelay: false),
    ];
}
