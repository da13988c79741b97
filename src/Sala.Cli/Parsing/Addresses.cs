using System.Diagnostics.CodeAnalysis;
using Sala.Registry;

namespace Sala.Cli.Parsing;

/// <summary>Addresses typed on the command line, read by the parsers their libraries own.</summary>
internal static class Addresses
{
    /// <summary>A registry: HOST[:PORT], or tls://HOST[:PORT].</summary>
    public static bool Registry(string text, [NotNullWhen(true)] out RegistryAddress? address, [NotNullWhen(false)] out string? whyNot)
    {
        if (RegistryAddress.TryParse(text, out address, out whyNot))
            return true;
        whyNot ??= $"'{text}' is not HOST[:PORT]";
        return false;
    }
}
