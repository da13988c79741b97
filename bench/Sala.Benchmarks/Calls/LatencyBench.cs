using System.Globalization;
using Sala.Calls.Media;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// <c>latency [--seconds N]</c>: calls on loopback with a click train as the caller's microphone, clean (on 20 ms and on
/// 10 ms packets, asked for by both sides), with 30 ms of jitter and with 10 % loss on the caller's packets; prints the
/// delay Sala adds from capture to playback per click.
/// </summary>
internal static class LatencyBench
{
    public const string Command = "latency";
    private const int ClickIntervalMilliseconds = 500;

    public static async Task<int> RunAsync(int seconds, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency: {seconds} s calls on loopback, a click every {ClickIntervalMilliseconds} ms, opus on {AudioCodecs.CreateEncoder(AudioCodecs.OpusName).Description}"));
        output.WriteLine("scenario, direction       clicks   p50 ms   p95 ms   min ms   max ms   first third p50   last third p50   jitter buffer");
        var failed = false;
        foreach (var (name, impairment, packetTime) in new (string, Impairment, int?)[]
                 {
                     ("clean", new Impairment(), null),
                     ("clean 10 ms", new Impairment(), AudioFormat.ShortFrameMilliseconds),
                     ("jitter 30 ms", new Impairment(Jitter: TimeSpan.FromMilliseconds(30)), null),
                     ("loss 10 %", new Impairment(Loss: 0.10), null),
                 })
        {
            // Both directions at once: each side's frame clock starts when its side of the call connects, so the phase
            // between the two clocks (0 to a frame, different in every call) makes one direction wait longer for its
            // frame's pull than the other. The impairment is on the caller's packets only.
            var callerClicks = new ClickTrainSource(ClickIntervalMilliseconds);
            var calleeClicks = new ClickTrainSource(ClickIntervalMilliseconds);
            var callerMicrophone = new TimedSource(callerClicks);
            var calleeMicrophone = new TimedSource(calleeClicks);
            var callerSpeaker = new TimedRecordingSink();
            var calleeSpeaker = new TimedRecordingSink();
            var (caller, callee) = await LoopbackCall.RunAsync(
                new FixedDevices(callerMicrophone, callerSpeaker), new FixedDevices(calleeMicrophone, calleeSpeaker), impairment, TimeSpan.FromSeconds(seconds),
                packetTime: packetTime);
            failed |= !Report($"{name}, to callee", callerMicrophone, callerClicks, calleeSpeaker, callee, output);
            if (impairment.IsNone)
                failed |= !Report($"{name}, to caller", calleeMicrophone, calleeClicks, callerSpeaker, caller, output);
        }
        return failed ? 1 : 0;
    }

    private static bool Report(
        string name, TimedSource microphone, ClickTrainSource clicks, TimedRecordingSink speaker, MediaStatistics listener, TextWriter output)
    {
        var delays = ClickDelays.Measure(
            ClickIntervalMilliseconds * AudioFormat.SampleRate / 1000, microphone.FrameSamples, microphone.ReadAt, speaker.WrittenAt, speaker.Samples, clicks.Click);
        var found = delays.Where(d => !double.IsNaN(d)).ToArray();
        if (found.Length == 0)
        {
            output.WriteLine($"{name,-24}  no click found");
            return false;
        }
        var third = delays.Length / 3;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-24}  {found.Length,3}/{delays.Length,-3} {Percentile(found, 50),7:0.0}  {Percentile(found, 95),7:0.0}  {found.Min(),7:0.0}  {found.Max(),7:0.0}  {Median(delays[..third]),16:0.0}  {Median(delays[^third..]),15:0.0}   {listener.Playout.TargetDelay.TotalMilliseconds,5:0} ms target, jitter {listener.Playout.Jitter.TotalMilliseconds:0.0} ms"));
        if (Environment.GetEnvironmentVariable("SALA_LATENCY_DETAIL") is not null)
            output.WriteLine($"  {listener.Playout} delays {string.Join(' ', delays.Select(d => d.ToString("0", CultureInfo.InvariantCulture)))}");
        return true;
    }

    private static double Median(double[] values) => Percentile([.. values.Where(v => !double.IsNaN(v))], 50);

    private static double Percentile(double[] values, double percent)
    {
        if (values.Length == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
