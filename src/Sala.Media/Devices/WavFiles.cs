using System.Buffers.Binary;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Sala.Media.Devices;

/// <summary>Reads any common WAV into Sala's format, and writes 16-bit PCM WAV files.</summary>
public static class WavFiles
{
    /// <summary>Writes interleaved 16-bit samples as a PCM WAV file.</summary>
    public static void Write(string path, ReadOnlySpan<short> samples, int sampleRate, int channels)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples do not split into {channels} channels.", nameof(samples));
        }

        using var writer = new WaveFileWriter(path, new WaveFormat(sampleRate, 16, channels));
        var bytes = new byte[samples.Length * sizeof(short)];
        for (var i = 0; i < samples.Length; i++)
        {
            // WAV is little-endian whatever the machine (RIFF).
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        writer.Write(bytes, 0, bytes.Length);
    }

    /// <summary>
    /// Reads a WAV file (PCM 8/16/24/32-bit or IEEE float, any rate, any channel count) as 48 kHz mono 16-bit:
    /// channels are averaged, then the rate converted.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file cannot be read as a WAV file of a supported format.</exception>
    public static short[] ReadAsAudioFormat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"WAV file '{path}' does not exist.", path);
        }

        try
        {
            using var reader = new WaveFileReader(path);
            ISampleProvider samples = new DownmixSampleProvider(ToSampleProvider(reader));
            if (samples.WaveFormat.SampleRate != AudioFormat.SampleRate)
            {
                samples = new WdlResamplingSampleProvider(samples, AudioFormat.SampleRate);
            }

            var expected = (long)reader.SampleCount * AudioFormat.SampleRate / reader.WaveFormat.SampleRate;
            return ReadAll(samples, expected);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"Cannot read WAV file '{path}': {e.Message}", e);
        }
    }

    private static ISampleProvider ToSampleProvider(WaveFileReader reader)
    {
        var format = reader.WaveFormat;
        if (format.Encoding != WaveFormatEncoding.Extensible)
        {
            return reader.ToSampleProvider();
        }

        // NAudio converts plain PCM and float but refuses WAVE_FORMAT_EXTENSIBLE, which most 24-bit and multichannel
        // files use. Its extra data holds valid bits (2 bytes), channel mask (4), then a sub-format GUID that begins
        // with the plain format tag, so the stream is relabelled as that plain format.
        var extra = format is WaveFormatExtraData withExtra ? withExtra.ExtraData : [];
        if (extra.Length < 22)
        {
            throw new InvalidDataException("Its WAVE_FORMAT_EXTENSIBLE header is too short.");
        }

        var tag = (WaveFormatEncoding)BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(6));
        var plain = tag switch
        {
            WaveFormatEncoding.Pcm => new WaveFormat(format.SampleRate, format.BitsPerSample, format.Channels),
            WaveFormatEncoding.IeeeFloat => WaveFormat.CreateIeeeFloatWaveFormat(format.SampleRate, format.Channels),
            _ => throw new InvalidDataException($"Unsupported sample format {tag}."),
        };
        return new RelabelledWaveProvider(reader, plain).ToSampleProvider();
    }

    private static short[] ReadAll(ISampleProvider provider, long expected)
    {
        var result = new List<short>((int)Math.Min(expected + AudioFormat.SampleRate, int.MaxValue / 2));
        var buffer = new float[AudioFormat.SampleRate];
        int read;
        while ((read = provider.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                result.Add(ToShort(buffer[i]));
            }
        }

        return [.. result];
    }

    internal static short ToShort(float sample) =>
        (short)Math.Round(Math.Clamp(sample * (double)short.MaxValue, short.MinValue, short.MaxValue));
}
