using System.Diagnostics.CodeAnalysis;

namespace Sala.Cli.Parsing;

/// <summary>Reads an option's value from the text typed for it, or says why it cannot (the text follows "--name: ").</summary>
internal delegate bool ValueParser<T>(string text, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? whyNot);
