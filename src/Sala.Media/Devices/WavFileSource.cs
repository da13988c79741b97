namespace Sala.Media.Devices;

/// <summary>
/// A microphone that plays a WAV file once, then silence. The whole file is converted to 48 kHz mono when opened, so
/// reading a frame never touches the disk; the caller's reads set the pace.
/// </summary>
public sealed class WavFileSource : IAudioSource
{
    private readonly short[] _samples;
    private int _position;

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file cannot be read as a WAV file of a supported format.</exception>
    public WavFileSource(string path)
    {
        _samples = WavFiles.ReadAsAudioFormat(path);
        Name = Path.GetFileName(path);
    }

    public string Name { get; }

    /// <summary>How long the file plays, at 48 kHz.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)_samples.Length / AudioFormat.SampleRate);

    /// <summary>True once every sample of the file has been read; reads from then on give silence.</summary>
    public bool IsFinished => _position >= _samples.Length;

    public void Read(Span<short> frame)
    {
        var count = Math.Min(frame.Length, _samples.Length - _position);
        _samples.AsSpan(_position, count).CopyTo(frame);
        frame[count..].Clear();
        _position += count;
    }

    public void Dispose()
    {
        // The file was closed once read.
    }
}
