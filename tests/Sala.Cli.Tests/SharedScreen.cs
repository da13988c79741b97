using Spectre.Console;

namespace Sala.Cli.Tests;

/// <summary>
/// A console whose text can be read while other threads write it (the live call panel refreshes on its own task):
/// TestConsole's buffer is not safe for that.
/// </summary>
internal sealed class SharedScreen : IDisposable
{
    private readonly StringWriter _text = new();
    private readonly TextWriter _writer;

    public SharedScreen()
    {
        _writer = TextWriter.Synchronized(_text);
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = 400;
    }

    public IAnsiConsole Console { get; }

    public string Text
    {
        get
        {
            // The synchronized writer locks on itself for every write; reading under the same lock sees whole writes.
            lock (_writer)
                return _text.ToString();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _text.Dispose();
    }
}
