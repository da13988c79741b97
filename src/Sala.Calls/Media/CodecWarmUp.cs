using Sala.Media;
using Sala.Media.Codecs;

namespace Sala.Calls.Media;

/// <summary>
/// Runs every codec once before the first call. The first encode and decode are compiled on the spot, which can take
/// longer than a frame; paid during a call, that stall queues packets and costs the first words.
/// </summary>
internal static class CodecWarmUp
{
    private static readonly Lazy<bool> Done = new(Run);

    public static void EnsureDone() => _ = Done.Value;

    private static bool Run()
    {
        var frame = new short[AudioFormat.SamplesPerFrame];
        var payload = new byte[4096];
        foreach (var name in AudioCodecs.Names)
        {
            using var encoder = AudioCodecs.CreateEncoder(name);
            using var decoder = AudioCodecs.CreateDecoder(encoder.PayloadType);
            var length = encoder.Encode(frame, payload);
            decoder.Decode(payload.AsSpan(0, length), frame);
            decoder.Conceal(payload.AsSpan(0, length), frame);
            decoder.Conceal([], frame);
        }
        return true;
    }
}
