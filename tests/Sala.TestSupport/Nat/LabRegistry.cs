namespace Sala.Testing.Nat;

/// <summary>A <c>sala server</c> running in ntinet, with the address clients give as <c>--server</c>.</summary>
public sealed record LabRegistry(ChildProcess Process, string Address, bool HasRelay);
