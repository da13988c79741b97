namespace Sala.Cli.Client;

/// <summary>An option that is on, off, or decided by the devices in use.</summary>
internal enum Switch
{
    Auto,
    On,
    Off,
}
