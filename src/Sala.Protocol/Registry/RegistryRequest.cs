using System.Net;

namespace Sala.Protocol.Registry;

/// <summary>
/// One parsed registry request. <see cref="Name"/> is NFC-normalised; address and port only for REGISTER, the text
/// only for SEND.
/// </summary>
public readonly record struct RegistryRequest(RegistryCommand Command, string? Name, IPAddress? Address, int Port)
{
    /// <summary>SEND's text: trimmed, 1 to <see cref="MessageLine.MaxTextBytes"/> bytes of UTF-8, no control characters.</summary>
    public string? Text { get; init; }

    /// <summary>REGISTER with proof: the identity's public key (SubjectPublicKeyInfo) and its signature over the
    /// <see cref="Identity.RegistrationProof"/> message.</summary>
    public byte[]? IdentityKey { get; init; }

    public byte[]? Signature { get; init; }

    public static RegistryRequest Register(string name, IPAddress address, int port) =>
        new(RegistryCommand.Register, name, address, port);

    public static RegistryRequest Nonce() => new(RegistryCommand.Nonce, null, null, 0);

    public static RegistryRequest Get(string name) => new(RegistryCommand.Get, name, null, 0);

    public static RegistryRequest Disconnect(string name) => new(RegistryCommand.Disconnect, name, null, 0);

    public static RegistryRequest List() => new(RegistryCommand.List, null, null, 0);

    public static RegistryRequest Ping() => new(RegistryCommand.Ping, null, null, 0);

    public static RegistryRequest Send(string to, string text) => new(RegistryCommand.Send, to, null, 0) { Text = text };

    public static RegistryRequest Turn() => new(RegistryCommand.Turn, null, null, 0);

    public static RegistryRequest Release(string name, byte[] identityKey, byte[] signature) =>
        new(RegistryCommand.Release, name, null, 0) { IdentityKey = identityKey, Signature = signature };
}
