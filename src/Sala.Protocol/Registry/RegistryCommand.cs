namespace Sala.Protocol.Registry;

public enum RegistryCommand
{
    Register,
    Get,
    Disconnect,
    List,
    Ping,
}
