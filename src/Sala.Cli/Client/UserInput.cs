namespace Sala.Cli.Client;

/// <summary>What the person at the keyboard did: a key (from a terminal) or a whole line (from a pipe).</summary>
internal abstract record UserInput;

internal sealed record KeyInput(ConsoleKeyInfo Key) : UserInput;

internal sealed record LineInput(string Line) : UserInput;

internal sealed record InputClosed : UserInput;
