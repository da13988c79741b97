namespace Sala.Media.Tests.Jitter;

public enum OperationKind
{
    Play,

    /// <summary>A put near the last sequence number: reordering, duplicates, small gaps.</summary>
    PutNear,

    /// <summary>A put with any sequence number and timestamp: jumps, restarts, wrap-around.</summary>
    PutAnywhere,
}
