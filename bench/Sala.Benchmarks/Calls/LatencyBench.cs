using System.Globalization;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// <c>latency [--seconds N]</c>: calls on loopback with a click train as the caller's microphone, clean, with 30 ms of
/// jitter and with 10 % loss on the caller's packets; prints the delay Sala adds from capture to playback per click.
/// </summary>
internal static class LatencyBench
{
    public const string Command = "latency";
    private const int ClickIntervalMilliseconds = 500;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency: {seconds} s calls on loopback, a click every {ClickIntervalMilliseconds} ms, opus on {AudioCodecs.CreateEncoder(AudioCodecs.OpusName).Description}"));
        output.WriteLine("scenario          clicks   p50 ms   p95 ms   min ms   max ms   first third p50   last third p50   jitter buffer");
        var failed = false;
        foreach (var (name, impairment) in new[]
                 {
                     ("clean", new Impairment()),
                     ("jitter 30 ms", new Impairment(Jitter: TimeSpan.FromMilliseconds(30))),
                     ("loss 10 %", new Impairment(Loss: 0.10)),
                 })
        {
            var click = new ClickTrainSource(ClickIntervalMilliseconds);
            var microphone = new TimedSource(click);
            var speaker = new TimedRecordingSink();
            var (_, callee) = await LoopbackCall.RunAsync(
                new FixedDevices(microphone, new NullSink()), new FixedDevices(new SilenceSource(), speaker), impairment, TimeSpan.FromSeconds(seconds));
            var delays = ClickDelays.Measure(
                ClickIntervalMilliseconds * AudioFormat.SampleRate / 1000, microphone.ReadAt, speaker.WrittenAt, speaker.Samples, click.Click);
            var found = delays.Where(d => !double.IsNaN(d)).ToArray();
            if (found.Length == 0)
            {
                output.WriteLine($"{name,-16}  no click found");
                failed = true;
                continue;
            }
            var third = delays.Length / 3;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16}  {found.Length,3}/{delays.Length,-3} {Percentile(found, 50),7:0.0}  {Percentile(found, 95),7:0.0}  {found.Min(),7:0.0}  {found.Max(),7:0.0}  {Median(delays[..third]),16:0.0}  {Median(delays[^third..]),15:0.0}   {callee.Playout.TargetDelay.TotalMilliseconds,5:0} ms target, jitter {callee.Playout.Jitter.TotalMilliseconds:0.0} ms"));
            if (Environment.GetEnvironmentVariable("SALA_LATENCY_DETAIL") is not null)
                output.WriteLine($"  {callee.Playout} delays {string.Join(' ', delays.Select(d => d.ToString("0", CultureInfo.InvariantCulture)))}");
        }
        return failed ? 1 : 0;
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
