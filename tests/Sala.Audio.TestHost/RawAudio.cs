using System.Buffers.Binary;

namespace Sala.Audio.TestHost;

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

    public static void Write(string path, IReadOnlyList<short> samples)
    {
        var bytes = new byte[samples.Count * 2];
        for (var i = 0; i < samples.Count; i++)
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        File.WriteAllBytes(path, bytes);
    }
}
