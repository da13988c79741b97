namespace Sala.Registry;

/// <summary>Who may remove a registration: the connection that made it, on the server that holds that connection.</summary>
public readonly record struct RegistrationOwner(string ServerId, long ConnectionId)
{
    public override string ToString() => $"{ServerId}/{ConnectionId}";
}
