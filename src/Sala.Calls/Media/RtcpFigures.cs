namespace Sala.Calls.Media;

/// <summary>What the peer's reports say of this side's stream, and the round trip they measure (RFC 3550 §6.4).</summary>
internal readonly record struct RtcpFigures(TimeSpan? RoundTrip, TimeSpan? MeanRoundTrip, double? PeerLossFraction, TimeSpan? PeerJitter);
