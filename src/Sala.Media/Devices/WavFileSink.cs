using System.Buffers.Binary;
using NAudio.Wave;

namespace Sala.Media.Devices;

/// <summary>
/// A speaker that records to a 48 kHz mono 16-bit PCM WAV file, exactly the samples written, in order. The header
/// holds the right length only once the sink is disposed.
/// </summary>
public sealed class WavFileSink : IAudioSink
{
    private readonly WaveFileWriter _writer;
    private byte[] _bytes = new byte[AudioFormat.SamplesPerFrame * sizeof(short)];

    /// <exception cref="IOException">The file cannot be created.</exception>
    public WavFileSink(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            _writer = new WaveFileWriter(path, new WaveFormat(AudioFormat.SampleRate, 16, AudioFormat.Channels));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create WAV file '{path}': {e.Message}", e);
        }

        Name = Path.GetFileName(path);
    }

    public string Name { get; }

    /// <summary>Samples written so far.</summary>
    public long SamplesWritten { get; private set; }

    public void Write(ReadOnlySpan<short> frame)
    {
        var length = frame.Length * sizeof(short);
        if (_bytes.Length < length)
        {
            // Only a frame longer than any seen before allocates; steady playback reuses the buffer.
            _bytes = new byte[length];
        }

        for (var i = 0; i < frame.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(_bytes.AsSpan(i * 2), frame[i]);
        }

        _writer.Write(_bytes, 0, length);
        SamplesWritten += frame.Length;
    }

    public void Dispose() => _writer.Dispose();
}
