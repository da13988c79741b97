using Sala.Media.Processing.Native;

namespace Sala.Media.Processing;

/// <summary>
/// Whether speexdsp, which <see cref="EchoCanceller"/> and <see cref="NoiseSuppressor"/> run on, loads in this process.
/// Without it they cannot be made: the caller checks <see cref="IsAvailable"/> and goes on without processing, telling
/// the user <see cref="MissingMessage"/>.
/// </summary>
public static class SpeexDsp
{
    /// <summary>What to tell a user whose system lacks speexdsp, with the package to install.</summary>
    public const string MissingMessage =
        "speexdsp is not installed, so there is no echo cancellation or noise suppression " +
        "(on Debian or Ubuntu: apt install libspeexdsp1; on macOS: brew install speexdsp).";

    /// <summary>True when speexdsp loaded (it is looked for once, at the first use).</summary>
    public static bool IsAvailable => LibSpeexDsp.Instance is not null;

    /// <summary>The library name it loaded by ("libspeexdsp.so.1"), or null when it did not load.</summary>
    public static string? LibraryName => LibSpeexDsp.Instance?.Name;

    internal static LibSpeexDsp Require(LibSpeexDsp? library) => library ?? throw new DllNotFoundException(MissingMessage);
}
