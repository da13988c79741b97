using System.Globalization;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// <c>dtx [--seconds N]</c>: what Opus DTX saves on the wire. Two-way calls on loopback in this process, one after the
/// other, each side's microphone the same: speech with 50 % pauses, then silence; each first as before (DTX off),
/// then with DTX, so every figure has its baseline from the same run. Bytes on the wire count IP and UDP headers.
/// </summary>
internal static class DtxBench
{
    public const string Command = "dtx";

    public static async Task<int> RunAsync(int seconds, TextWriter output)
    {
        var length = TimeSpan.FromSeconds(seconds);
        output.WriteLine($"dtx: {seconds} s two-way calls on loopback, one process, encrypted, the same microphone both ways, {AudioCodecs.CreateEncoder(AudioCodecs.OpusName).Description}");
        output.WriteLine("microphone                 DTX   side     sent kbit/s   vs DTX off   packets sent   frames not sent   comfort noise played   lost   concealed   rebuffers");
        foreach (var (name, microphone) in new (string, Func<IAudioSource>)[]
        {
            ("speech with 50 % pauses", () => new PausedSpeechSource()),
            ("silence", () => new SilenceSource()),
        })
        {
            var baseline = new Dictionary<string, double>();
            foreach (var dtx in new[] { false, true })
            {
                var (caller, callee) = await LoopbackCall.RunAsync(
                    new FixedDevices(microphone(), new NullSink()), new FixedDevices(microphone(), new NullSink()), new Impairment(), length, dtx);
                foreach (var (side, media) in new[] { ("caller", caller), ("callee", callee) })
                {
                    var sent = media.SendBitsPerSecond / 1000;
                    if (!dtx)
                        baseline[side] = sent;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name,-25}  {(dtx ? "on" : "off"),-4}  {side,-7}  {sent,11:0.0}  {sent / baseline[side],11:0.00}  {media.PacketsSent,13}  {media.FramesNotSent,16}  {media.ComfortNoise,21}  {media.Lost,5}  {media.Concealed,10}  {media.Playout.Rebuffers,10}"));
                }
            }
        }

        return 0;
    }
}
