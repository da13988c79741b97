namespace Sala.Media.Tests.Jitter;

public sealed record Operation(
    OperationKind Kind,
    int TimeStepMs,
    short SequenceStep,
    ushort Sequence,
    uint Timestamp,
    byte PayloadType,
    int Length,
    byte Filler);
