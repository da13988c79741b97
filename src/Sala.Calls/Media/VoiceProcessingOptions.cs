namespace Sala.Calls.Media;

/// <summary>What is done to the microphone before it is sent: off for files and tones, on by default with real devices.</summary>
public sealed record VoiceProcessingOptions(bool EchoCancellation, bool NoiseSuppression)
{
    public static VoiceProcessingOptions Off { get; } = new(false, false);

    public bool Any => EchoCancellation || NoiseSuppression;
}
