using System.Globalization;
using Sala.Media.Processing;

namespace Sala.Calls.Media;

/// <summary>
/// The microphone's frames cleaned before they are encoded (speexdsp, Sala.Media.Processing): the echo of what this
/// side's speaker played cancelled first, then stationary noise suppressed. One instance per call, used by the frame
/// loop alone.
/// </summary>
internal sealed class VoiceProcessing : IDisposable
{
    private readonly EchoCanceller? _echo;
    private readonly NoiseSuppressor? _noise;

    private VoiceProcessing(EchoCanceller? echo, NoiseSuppressor? noise)
    {
        _echo = echo;
        _noise = noise;
    }

    /// <summary>
    /// The stages asked for, on frames of <paramref name="frameSamples"/>; null when none is, or when speexdsp is
    /// missing (<paramref name="problem"/> says so).
    /// </summary>
    public static VoiceProcessing? Create(VoiceProcessingOptions options, int frameSamples, out string? problem)
    {
        problem = null;
        if (!options.Any)
            return null;
        if (!SpeexDsp.IsAvailable)
        {
            problem = $"echo cancellation and noise suppression are off: {SpeexDsp.MissingMessage}";
            return null;
        }
        var echo = options.EchoCancellation ? new EchoCanceller() : null;
        try
        {
            return new VoiceProcessing(echo, options.NoiseSuppression ? new NoiseSuppressor(frameSamples: frameSamples) : null);
        }
        catch
        {
            echo?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Cleans <paramref name="captured"/> in place; <paramref name="played"/> is the frame the speaker was last handed,
    /// the far end the microphone hears again (the canceller's filter spans the device delay, 300 ms).
    /// </summary>
    public void Process(ReadOnlySpan<short> played, Span<short> captured)
    {
        _echo?.Process(played, captured, captured);
        _noise?.Process(captured);
    }

    /// <summary>For the figures: which stages run, with the echo canceller's current ERLE.</summary>
    public string Describe()
    {
        var echo = _echo is null ? null : string.Create(CultureInfo.InvariantCulture, $"echo cancellation (ERLE {_echo.ErleDecibels:0} dB)");
        var noise = _noise is null ? null : "noise suppression";
        return string.Join(", ", new[] { echo, noise }.Where(s => s is not null));
    }

    public void Dispose()
    {
        _echo?.Dispose();
        _noise?.Dispose();
    }
}
