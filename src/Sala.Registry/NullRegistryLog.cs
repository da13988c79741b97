namespace Sala.Registry;

public sealed class NullRegistryLog : IRegistryLog
{
    public static readonly NullRegistryLog Instance = new();

    public bool IsEnabled => false;

    public void Write(string line)
    {
    }
}
