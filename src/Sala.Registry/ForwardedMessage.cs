namespace Sala.Registry;

/// <summary>A SEND on its way between servers: the recipient's connection on its server, both names, the text.</summary>
public sealed record ForwardedMessage(long ConnectionId, string To, string From, string Text);
