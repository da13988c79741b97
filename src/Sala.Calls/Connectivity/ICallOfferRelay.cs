namespace Sala.Calls.Connectivity;

/// <summary>
/// The way call offers reach a user who may be behind a NAT: the registry connection every user keeps
/// (<c>SEND</c>/<c>MSG</c>, docs/protocol.md). Whatever arrives for this user is handed to
/// <see cref="CallConnector.OnRelayedMessage"/>.
/// </summary>
public interface ICallOfferRelay
{
    Task<OfferRelayOutcome> SendAsync(string recipient, string text, CancellationToken cancellationToken);
}
