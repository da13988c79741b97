using System.Net;

namespace Sala.Registry;

/// <summary>A registered user: the name as registered (NFC) and where it receives calls.</summary>
public sealed record Registration(string Name, IPAddress Address, int Port)
{
    public IPEndPoint EndPoint => new(Address, Port);
}
