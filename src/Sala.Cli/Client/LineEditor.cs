using System.Text;
using Spectre.Console;

namespace Sala.Cli.Client;

/// <summary>Turns key presses into a line, echoing them, with backspace; what a terminal's line mode would do.</summary>
internal sealed class LineEditor(IAnsiConsole console)
{
    private readonly StringBuilder _line = new();

    public bool IsEmpty => _line.Length == 0;

    /// <summary>Adds a key; returns the finished line when the key was Enter.</summary>
    public string? Add(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                console.WriteLine();
                var line = _line.ToString();
                _line.Clear();
                return line;
            case ConsoleKey.Backspace when _line.Length > 0:
                _line.Length--;
                console.Write("\b \b");
                return null;
            default:
                if (!char.IsControl(key.KeyChar))
                {
                    _line.Append(key.KeyChar);
                    console.Write(key.KeyChar.ToString());
                }
                return null;
        }
    }

    public void Clear() => _line.Clear();
}
