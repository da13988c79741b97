namespace Sala.Registry;

/// <summary>
/// What a handled request did: a line for the log (null when not logging), its outcome for the metrics (<c>ok</c>, or
/// the ERR code in lower case: one of <see cref="RequestResults"/>), and whether the connection ends after the reply.
/// </summary>
internal readonly record struct RequestOutcome(string? Summary, string Result, bool CloseAfterReply = false);
