namespace Sala.Registry;

/// <summary>How a SEND ended, and the recipient's name as registered when it was sent.</summary>
internal readonly record struct SendResult(SendStatus Status, string? Recipient = null);
