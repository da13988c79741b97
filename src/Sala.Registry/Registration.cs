using System.Net;
using Sala.Protocol.Identity;

namespace Sala.Registry;

/// <summary>A registered user: the name as registered (NFC) and where it receives calls.</summary>
public sealed record Registration(string Name, IPAddress Address, int Port)
{
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>The identity key the registration proved it holds (issue 16), null for a plain REGISTER.</summary>
    public IdentityFingerprint? Identity { get; init; }
}
