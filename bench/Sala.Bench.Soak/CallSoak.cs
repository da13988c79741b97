using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sala.Calls;
using Sala.Calls.Transport;

namespace Sala.Bench.Soak;

/// <summary>
/// Two call agents on loopback, each sending through the impairment layer, in one long call; the callee's jitter
/// buffer is sampled five times a second, and its speaker checked for drift and gaps. Reported per minute, then
/// the first minute against the last.
/// </summary>
internal static class CallSoak
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);

    public static async Task<int> RunAsync(TimeSpan duration, string impairmentText, string codec, bool speech)
    {
        if (!Impairment.TryParse(impairmentText, out var impairment, out var whyNot))
        {
            Console.Error.WriteLine($"--impair: {whyNot}");
            return 2;
        }
        Console.WriteLine($"call soak: {duration.TotalMinutes:0.#} min, {codec}, {(speech ? "speech-like sound" : "tones")}, impairment {impairmentText} both ways, .NET {Environment.Version}");
        var bobDevices = new SoakDevices(440, speech);
        await using var alice = Start("alice", impairment, codec, new SoakDevices(880, speech));
        await using var bob = Start("bob", impairment, codec, bobDevices);
        alice.Call("bob", new IPEndPoint(IPAddress.Loopback, bob.LocalEndPoint.Port));
        await WaitForAsync<IncomingCallEvent>(bob);
        bob.Accept();
        await WaitForAsync<CallConnectedEvent>(alice);

        var samples = new List<(TimeSpan At, double Buffered, double Target)>();
        var started = Stopwatch.GetTimestamp();
        var minute = 1;
        var ended = false;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            await Task.Delay(SampleEvery);
            if (bob.Events.TryRead(out var e) && e is CallEndedEvent end)
            {
                Console.WriteLine($"the call ended early: {end.Reason}");
                ended = true;
                break;
            }
            if (bob.Statistics is { } stats)
                samples.Add((Stopwatch.GetElapsedTime(started), stats.Playout.BufferedDelay.TotalMilliseconds, stats.Playout.TargetDelay.TotalMilliseconds));
            if (Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMinutes(minute))
            {
                Console.WriteLine($"  minute {minute,2}: {Describe(Window(samples, minute - 1, minute))}; {Media(bob, bobDevices)}");
                minute++;
            }
        }
        var total = duration.TotalMinutes;
        var firstMinute = Window(samples, 0, 1);
        var lastMinute = Window(samples, Math.Max(0, total - 1), total);
        Console.WriteLine($"call soak: first minute {Describe(firstMinute)}");
        Console.WriteLine($"call soak: last minute  {Describe(lastMinute)}");
        Console.WriteLine($"call soak: {Media(bob, bobDevices)}");
        alice.HangUp();
        return ended ? 1 : 0;
    }

    private static CallAgent Start(string name, Impairment impairment, string codec, SoakDevices devices)
    {
        var transport = CallAgentFactory.OpenPort(0, impairment, TimeProvider.System);
        return CallAgentFactory.Start(
            transport, new CallAgentOptions(name, new IPEndPoint(IPAddress.Loopback, transport.LocalEndPoint.Port)) { Codec = codec },
            devices, TimeProvider.System);
    }

    private static async Task WaitForAsync<T>(CallAgent agent)
        where T : CallEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await agent.Events.ReadAsync(timeout.Token) is not T)
        {
        }
    }

    private static List<(TimeSpan At, double Buffered, double Target)> Window(
        List<(TimeSpan At, double Buffered, double Target)> samples, double fromMinute, double toMinute) =>
        [.. samples.Where(s => s.At.TotalMinutes >= fromMinute && s.At.TotalMinutes < toMinute)];

    private static string Describe(List<(TimeSpan At, double Buffered, double Target)> window)
    {
        if (window.Count == 0)
            return "no samples";
        var buffered = window.Select(s => s.Buffered).Order().ToArray();
        var target = window.Select(s => s.Target).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"buffered delay p50 {At(buffered, 0.5):0} ms, p95 {At(buffered, 0.95):0} ms, p99 {At(buffered, 0.99):0} ms, max {buffered[^1]:0} ms; " +
            $"target p50 {At(target, 0.5):0} ms, max {target[^1]:0} ms ({window.Count} samples)");
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * quantile))];

    private static string Media(CallAgent agent, SoakDevices devices)
    {
        var (frames, silent, longest, drift) = devices.Speaker?.Figures() ?? default;
        var stats = agent.Statistics;
        return string.Create(CultureInfo.InvariantCulture,
            $"received {stats?.Playout.Received} lost {stats?.Lost} ({stats?.LossFraction * 100:0.0} %), concealed {stats?.Concealed}, " +
            $"jitter {stats?.Playout.Jitter.TotalMilliseconds:0.0} ms; speaker {frames} frames, {silent} silent (longest run {longest}), drift {drift.TotalMilliseconds:+0;-0} ms");
    }
}
