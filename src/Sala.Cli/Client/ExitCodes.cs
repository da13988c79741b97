namespace Sala.Cli.Client;

/// <summary>What <c>sala client</c> exits with, for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A call could not be made or did not end normally (unknown name, rejected, busy, no answer, lost).</summary>
    public const int CallFailed = 1;

    /// <summary>Bad options (refused while parsing, or found unusable after) or devices.</summary>
    public const int Usage = Parsing.ParseErrors.ExitCode;

    /// <summary>The registry could not be reached or refused the registration.</summary>
    public const int Registry = 3;
}
