namespace Sala.Media.Tests.Jitter;

// Sequence: the decoded packet, or for FEC the packet rebuilt (the one before the payload's); -1 for PLC.
internal readonly record struct DecoderCall(DecoderCallKind Kind, int Sequence, bool Loud);
