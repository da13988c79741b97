namespace Sala.Testing.Nat;

/// <summary>A host of the lab: the namespace a client runs in and the address it has there.</summary>
public sealed record LabHost(string Namespace, string Address, string Description)
{
    /// <summary>Home A, behind router A (public 198.51.100.1).</summary>
    public static LabHost HomeA { get; } = new("nthA", "10.1.0.2", "home A");

    /// <summary>A second host in home A, on the same LAN as <see cref="HomeA"/>.</summary>
    public static LabHost HomeA2 { get; } = new("nthA2", "10.1.0.3", "home A (second host)");

    /// <summary>Home B, behind router B (public 198.51.100.2).</summary>
    public static LabHost HomeB { get; } = new("nthB", "10.2.0.2", "home B");

    /// <summary>A host with a public address and IPv6 (2001:db8:100::30).</summary>
    public static LabHost Public { get; } = new("ntpub", "198.51.100.30", "public");

    /// <summary>A second public host (2001:db8:100::31).</summary>
    public static LabHost Public2 { get; } = new("ntpub2", "198.51.100.31", "public 2");

    public override string ToString() => $"{Namespace} ({Address})";
}
