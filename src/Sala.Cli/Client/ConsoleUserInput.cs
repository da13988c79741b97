using System.Threading.Channels;

namespace Sala.Cli.Client;

/// <summary>
/// Reads the real console on a background thread: key by key from a terminal (so single keys such as the hang-up
/// key act at once), line by line when standard input is redirected.
/// </summary>
internal static class ConsoleUserInput
{
    public static ChannelReader<UserInput> Start()
    {
        var channel = Channel.CreateUnbounded<UserInput>(new UnboundedChannelOptions { SingleWriter = true });
        var thread = new Thread(() => Pump(channel.Writer)) { IsBackground = true, Name = "console input" };
        thread.Start();
        return channel.Reader;
    }

    private static void Pump(ChannelWriter<UserInput> writer)
    {
        try
        {
            if (Console.IsInputRedirected)
            {
                while (Console.In.ReadLine() is { } line)
                    writer.TryWrite(new LineInput(line));
            }
            else
            {
                while (true)
                    writer.TryWrite(new KeyInput(Console.ReadKey(intercept: true)));
            }
        }
        catch (InvalidOperationException)
        {
            // No console to read from.
        }
        catch (IOException)
        {
        }
        writer.TryWrite(new InputClosed());
        writer.TryComplete();
    }
}
