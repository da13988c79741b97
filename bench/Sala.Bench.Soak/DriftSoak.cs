using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sala.Audio;
using Sala.Calls;
using Sala.Calls.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Bench.Soak;

/// <summary>
/// A long call between two simulated sound cards whose clocks disagree (issue 14): the caller's microphone and speaker
/// run <c>+ppm</c> off the system clock, the callee's <c>-ppm</c>, each side sending a tone (400 and 600 Hz) the other
/// records. At the end each recording is checked for gaps and skips in 5 ms windows (<see cref="ToneContinuity"/>), and
/// the buffered delay is reported at the first and the last minute, with the drift corrections. A break that follows
/// a stall of the whole process (measured by <see cref="StallWatch"/>: this 2-core machine stops every thread for 10 to
/// 30 ms a few times a minute, with no garbage collection behind it) is reported with that stall and is not drift's;
/// any other break fails the soak.
/// </summary>
internal static class DriftSoak
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A break in a recording this long after a stall of the whole process (<see cref="StallWatch"/>) is the stall's:
    /// the sender's packet left late and the playout ran dry. The recording's clock runs up to a frame or two behind
    /// the soak's, so a stall a little after the break's start counts too.
    /// </summary>
    private static readonly TimeSpan StallReach = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan StallLead = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(TimeSpan duration, double ppm)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"drift soak: {duration.TotalMinutes:0.#} min, caller's sound card {ppm:+0} ppm, callee's {-ppm:+0;-0} ppm, .NET {Environment.Version}"));
        var room = (int)((duration.TotalSeconds + 60) * Sala.Media.AudioFormat.SampleRate);
        var aliceHeard = new ToneRecording(room);
        var bobHeard = new ToneRecording(room);
        await using var alice = Start("alice", new ClockedDevices(400, +ppm, aliceHeard));
        await using var bob = Start("bob", new ClockedDevices(600, -ppm, bobHeard));
        alice.Call("bob", new IPEndPoint(IPAddress.Loopback, bob.LocalEndPoint.Port));
        await WaitForAsync<IncomingCallEvent>(bob);
        bob.Accept();
        await WaitForAsync<CallConnectedEvent>(alice);

        var delays = new List<(TimeSpan At, double Alice, double Bob)>();
        var started = Stopwatch.GetTimestamp();
        using var stalls = new StallWatch(started);
        var gcPausedBefore = GC.GetTotalPauseDuration();
        using var every = new PeriodicTimer(SampleEvery);
        var minute = 1;
        var stretched = (Alice: 0L, Bob: 0L);
        while (Stopwatch.GetElapsedTime(started) < duration && await every.WaitForNextTickAsync())
        {
            if (alice.Statistics is { } a && bob.Statistics is { } b)
            {
                var at = Stopwatch.GetElapsedTime(started);
                delays.Add((at, a.Playout.BufferedDelay.TotalMilliseconds, b.Playout.BufferedDelay.TotalMilliseconds));
                if (a.Playout.Stretched != stretched.Alice || b.Playout.Stretched != stretched.Bob)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  at {at.TotalSeconds:0.0} s the playout ran dry: alice {a.Playout.Stretched - stretched.Alice}, bob {b.Playout.Stretched - stretched.Bob} frames (jitter {a.Playout.Jitter.TotalMilliseconds:0.0}/{b.Playout.Jitter.TotalMilliseconds:0.0} ms, target {a.Playout.TargetDelay.TotalMilliseconds:0}/{b.Playout.TargetDelay.TotalMilliseconds:0} ms)"));
                    stretched = (a.Playout.Stretched, b.Playout.Stretched);
                }
            }
            if (Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMinutes(minute))
            {
                Console.WriteLine($"  minute {minute,2}: buffered delay {Describe(delays, minute - 1, minute)}");
                minute++;
            }
        }
        alice.HangUp();
        var aliceEnded = await WaitForAsync<CallEndedEvent>(alice);
        var bobEnded = await WaitForAsync<CallEndedEvent>(bob);
        await alice.WhenMediaStoppedAsync();
        await bob.WhenMediaStoppedAsync();

        var total = duration.TotalMinutes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"drift soak: process stalls over {StallWatch.Threshold.TotalMilliseconds:0} ms: {stalls.Stalls.Count}{string.Concat(stalls.Stalls.Select(s => $", {s.Length.TotalMilliseconds:0} ms at {s.At.TotalSeconds:0.0} s"))}; GC paused {(GC.GetTotalPauseDuration() - gcPausedBefore).TotalMilliseconds:0} ms in all, gen2 collections {GC.CollectionCount(2)}"));
        Console.WriteLine($"drift soak: buffered delay, first minute {Describe(delays, 0, 1)}");
        Console.WriteLine($"drift soak: buffered delay, last minute  {Describe(delays, total - 1, total)}");
        var clean = true;
        foreach (var (name, ended, heard, hz) in new[] { ("alice", aliceEnded, aliceHeard, 600.0), ("bob", bobEnded, bobHeard, 400.0) })
        {
            var breaks = ToneContinuity.Find(heard.Samples, hz, TimeSpan.FromSeconds(2));
            Console.WriteLine($"drift soak: {name} heard {breaks}; {Figures(ended.Media)}");
            var unexplained = 0;
            foreach (var at in breaks.Starts)
            {
                var stall = stalls.Stalls.Where(s => s.At >= at - StallReach && s.At <= at + StallLead).Select(s => ((TimeSpan At, TimeSpan Length)?)s).LastOrDefault();
                unexplained += stall is null ? 1 : 0;
                Console.WriteLine(stall is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"  break at {at.TotalSeconds:0.000} s: the process stalled {s.Length.TotalMilliseconds:0} ms at {s.At.TotalSeconds:0.000} s")
                    : string.Create(CultureInfo.InvariantCulture, $"  break at {at.TotalSeconds:0.000} s: no stall of the process before it"));
            }
            clean &= unexplained == 0 && breaks.Windows > 0;
        }
        return clean ? 0 : 1;
    }

    private static string Figures(MediaStatistics? media) => media is null ? "no media" : string.Create(CultureInfo.InvariantCulture,
        $"paced by {media.PacedBy}; drift corrections: peer {media.PeerDriftCorrections}, speaker {media.SpeakerDriftCorrections}; " +
        $"playout dropped {media.Playout.Dropped}, stretched {media.Playout.Stretched}; lost {media.Lost}, concealed {media.Concealed}; device glitches {media.Devices.Total}");

    private static string Describe(List<(TimeSpan At, double Alice, double Bob)> delays, double fromMinute, double toMinute)
    {
        var window = delays.Where(d => d.At.TotalMinutes >= fromMinute && d.At.TotalMinutes < toMinute).ToArray();
        if (window.Length == 0)
            return "no samples";
        var alice = window.Select(d => d.Alice).Order().ToArray();
        var bob = window.Select(d => d.Bob).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"alice p50 {At(alice, 0.5):0} ms p95 {At(alice, 0.95):0} ms, bob p50 {At(bob, 0.5):0} ms p95 {At(bob, 0.95):0} ms");
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * quantile))];

    private static CallAgent Start(string name, ClockedDevices devices)
    {
        var transport = CallAgentFactory.OpenPort(0, impairment: null, TimeProvider.System);
        return CallAgentFactory.Start(
            transport, new CallAgentOptions(name, new IPEndPoint(IPAddress.Loopback, transport.LocalEndPoint.Port)), devices, TimeProvider.System);
    }

    private static async Task<T> WaitForAsync<T>(CallAgent agent)
        where T : CallEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await agent.Events.ReadAsync(timeout.Token) is T wanted)
                return wanted;
        }
    }

    /// <summary>A tone for a microphone and a recording for a speaker, both on a sound card's clock <c>ppm</c> off.</summary>
    private sealed class ClockedDevices(double toneHz, double ppm, ToneRecording recording) : Sala.Calls.Devices.IAudioDevices
    {
        public string MicrophoneName => $"tone {toneHz} Hz";

        public string SpeakerName => "recording";

        public Sala.Media.IAudioSource OpenMicrophone() => new ClockedMicrophone(new ToneSource(toneHz), ppm);

        public Sala.Media.IAudioSink OpenSpeaker() => new ClockedSpeaker(recording, ppm);
    }

    /// <summary>
    /// Keeps everything played (10 minutes are 58 MB), in room made at once: a list grown by doubling copied tens of
    /// megabytes on the speaker's thread, a stall that showed as a 5 ms gap on both sides at once.
    /// </summary>
    private sealed class ToneRecording(int capacity) : Sala.Media.IAudioSink
    {
        private readonly List<short> _samples = new(capacity);
        private readonly Lock _gate = new();

        public string Name => "recording";

        public short[] Samples
        {
            get
            {
                lock (_gate)
                    return [.. _samples];
            }
        }

        public void Write(ReadOnlySpan<short> frame)
        {
            lock (_gate)
                _samples.AddRange(frame);
        }

        public void Dispose()
        {
        }
    }
}
