using System.CommandLine;
using System.Globalization;
using Sala.Audio;
using Spectre.Console;

namespace Sala.Cli;

/// <summary><c>sala devices</c>: the microphones and speakers PortAudio sees, with the defaults marked.</summary>
internal static class DevicesCommand
{
    /// <summary>Wide enough that a long device name is never wrapped in a pipe or a log.</summary>
    private const int LineWidth = 100_000;

    public static Command Create()
    {
        var command = new Command("devices", "List the microphones and speakers (PortAudio) that --mic and --speaker can pick");
        command.SetAction(_ =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
            console.Profile.Width = LineWidth;
            return Run(console, Console.Error, DeviceCatalog.Load);
        });
        return command;
    }

    /// <summary>Prints the catalog; 1 with a one-line reason on <paramref name="errors"/> when PortAudio is missing or lists nothing.</summary>
    internal static int Run(IAnsiConsole console, TextWriter errors, Func<DeviceCatalog> load)
    {
        DeviceCatalog catalog;
        try
        {
            catalog = load().EnsureAny();
        }
        catch (AudioDeviceException e)
        {
            errors.WriteLine($"sala devices: {e.Message}");
            return 1;
        }

        Print(console, "Microphones (--mic)", catalog.For(DeviceDirection.Input).ToList(), DeviceDirection.Input);
        Print(console, "Speakers (--speaker)", catalog.For(DeviceDirection.Output).ToList(), DeviceDirection.Output);
        console.WriteLine("* marks the default. Pick a device by index, by name (or part of one, any case), or 'default'.");
        return 0;
    }

    private static void Print(IAnsiConsole console, string title, List<AudioDeviceInfo> devices, DeviceDirection direction)
    {
        console.WriteLine(title);
        if (devices.Count == 0)
        {
            console.WriteLine("  (none)");
            return;
        }

        var indexWidth = devices.Max(d => Digits(d.Index));
        var nameWidth = devices.Max(d => d.Name.Length);
        var hostWidth = devices.Max(d => d.HostApi.Length);
        foreach (var d in devices)
        {
            var mark = d.IsDefault(direction) ? '*' : ' ';
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mark} {d.Index.ToString(CultureInfo.InvariantCulture).PadLeft(indexWidth)}  {d.Name.PadRight(nameWidth)}  {d.HostApi.PadRight(hostWidth)}  {d.MaxChannels(direction),3} ch  {d.DefaultSampleRate,6:0} Hz"));
        }
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;
}
