namespace Sala.Media;

/// <summary>
/// A microphone: a WAV file, a tone, silence or a real device. The caller paces the reads by the audio clock,
/// one frame of <see cref="AudioFormat.SamplesPerFrame"/> samples at a time.
/// </summary>
public interface IAudioSource : IDisposable
{
    /// <summary>A short description for the user, such as "tone 440 Hz" or "voice.wav".</summary>
    string Name { get; }

    /// <summary>Fills the whole frame (silence where the source has nothing more).</summary>
    void Read(Span<short> frame);
}
