using System.Buffers.Binary;

namespace Sala.Audio.Tests;

/// <summary>Headerless 16-bit little-endian files, the format ALSA's file plugin, pacat and parecord use.</summary>
internal static class RawAudio
{
    public static short[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
        return samples;
    }

    public static void Write(string path, ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A sine at <paramref name="hz"/> sampled at <paramref name="rate"/>.</summary>
    public static short[] Tone(double hz, int rate, TimeSpan duration, double amplitude = 0.5)
    {
        var samples = new short[(int)(duration.TotalSeconds * rate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (short)Math.Round(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * hz * i / rate));
        return samples;
    }
}
