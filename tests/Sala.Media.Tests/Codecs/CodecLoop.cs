namespace Sala.Media.Tests.Codecs;

/// <summary>Runs a signal through a codec frame by frame, as a call would.</summary>
internal static class CodecLoop
{
    public static byte[][] EncodeAll(IAudioEncoder encoder, ReadOnlySpan<short> signal)
    {
        var frames = signal.Length / AudioFormat.SamplesPerFrame;
        var payloads = new byte[frames][];
        var buffer = new byte[4000];
        for (var f = 0; f < frames; f++)
        {
            var length = encoder.Encode(signal.Slice(f * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame), buffer);
            payloads[f] = buffer[..length];
        }

        return payloads;
    }

    /// <summary>Decodes every payload; a frame in <paramref name="lost"/> is concealed, with FEC from the next when asked.</summary>
    public static short[] DecodeAll(IAudioDecoder decoder, byte[][] payloads, ISet<int>? lost = null, bool useFec = false)
    {
        var output = new short[payloads.Length * AudioFormat.SamplesPerFrame];
        for (var f = 0; f < payloads.Length; f++)
        {
            var frame = output.AsSpan(f * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame);
            if (lost?.Contains(f) == true)
            {
                var next = useFec && f + 1 < payloads.Length && !lost.Contains(f + 1) ? payloads[f + 1] : [];
                decoder.Conceal(next, frame);
            }
            else
            {
                decoder.Decode(payloads[f], frame);
            }
        }

        return output;
    }

    public static short[] RoundTrip(IAudioEncoder encoder, IAudioDecoder decoder, ReadOnlySpan<short> signal) =>
        DecodeAll(decoder, EncodeAll(encoder, signal));

    /// <summary>The RMS error over <paramref name="frames"/> between <paramref name="original"/>, delayed by the codec, and <paramref name="output"/>.</summary>
    public static double ErrorOver(short[] original, short[] output, int delay, IEnumerable<int> frames)
    {
        var sum = 0.0;
        foreach (var f in frames)
        {
            for (var i = f * AudioFormat.SamplesPerFrame; i < (f + 1) * AudioFormat.SamplesPerFrame; i++)
            {
                double d = (i >= delay ? original[i - delay] : 0) - output[i];
                sum += d * d;
            }
        }

        return Math.Sqrt(sum);
    }
}
