using System.Net;

namespace Sala.Protocol.Registry;

/// <summary>One parsed registry request. <see cref="Name"/> is NFC-normalised; address and port only for REGISTER.</summary>
public readonly record struct RegistryRequest(RegistryCommand Command, string? Name, IPAddress? Address, int Port)
{
    public static RegistryRequest Register(string name, IPAddress address, int port) =>
        new(RegistryCommand.Register, name, address, port);

    public static RegistryRequest Get(string name) => new(RegistryCommand.Get, name, null, 0);

    public static RegistryRequest Disconnect(string name) => new(RegistryCommand.Disconnect, name, null, 0);

    public static RegistryRequest List() => new(RegistryCommand.List, null, null, 0);

    public static RegistryRequest Ping() => new(RegistryCommand.Ping, null, null, 0);
}
