namespace Sala.Registry;

/// <summary>What a handled request did: a line for the log (null when not logging), and whether the connection ends after the reply.</summary>
internal readonly record struct RequestOutcome(string? Summary, bool CloseAfterReply = false);
