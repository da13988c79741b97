namespace Sala.Media.Tests.Jitter;

internal sealed record SimulatedPacket(ushort Sequence, uint Timestamp, byte[] Payload, TimeSpan Arrival, bool Loud);
