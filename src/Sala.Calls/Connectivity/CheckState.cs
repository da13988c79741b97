namespace Sala.Calls.Connectivity;

/// <summary>The states of a pair's check (RFC 8445 §6.1.2.6), without "frozen": Sala checks one component.</summary>
internal enum CheckState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}
