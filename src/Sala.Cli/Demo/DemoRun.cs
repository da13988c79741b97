using System.Globalization;
using System.Net;
using Sala.Calls;
using Sala.Calls.Media;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Registry;

namespace Sala.Cli.Demo;

/// <summary>
/// One demo call: a registry on loopback, alice saying a clip generated on the spot, bob answering with a tone and
/// recording what he hears, then the call's figures. The same server, registry client and call agent as the real
/// commands, in one process.
/// </summary>
internal sealed class DemoRun(TextWriter output, TimeProvider time, string codec, TimeSpan clipLength, Impairment impairment, string recordingPath)
{
    /// <summary>The original sent raw 44.1 kHz 16-bit mono PCM: the bitrate to compare with.</summary>
    private const double OriginalKilobitsPerSecond = 705.6;
    private const int ClipSeed = 2026;
    private const double BobToneHz = 440;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var serverOptions = new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0 };
        await using var server = new RegistryServer(serverOptions, new InMemoryRegistryStore(), time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        server.Start();
        Say($"Sala demo: a registry and two users on this machine, one call, no sound card needed.");
        Say($"registry listening on {server.LocalEndPoint}");

        var clip = SpeechLikeSignal.Generate(clipLength, seed: ClipSeed);
        var registry = new RegistryAddress("127.0.0.1", server.LocalEndPoint.Port);
        await using var alice = await DemoUser.StartAsync("alice", registry, impairment, codec, time,
            new DemoDevices(() => new ClipSource(clip, "generated clip"), () => new NullSink(), "generated clip", "null"), cancellationToken);
        await using var bob = await DemoUser.StartAsync("bob", registry, impairment with { Seed = impairment.Seed + 1 }, codec, time,
            new DemoDevices(() => new ToneSource(BobToneHz), () => new WavFileSink(recordingPath), $"tone {BobToneHz} Hz", recordingPath), cancellationToken);
        Say($"alice registered (calls on {alice.EndPoint}); bob registered (calls on {bob.EndPoint})");
        if (!impairment.IsNone)
            Say($"both directions impaired: {impairment}");

        var found = await alice.Registry.LookupAsync("BOB", cancellationToken) ?? throw new InvalidOperationException("bob is not registered");
        Say($"alice looks up BOB: {found.Name} at {found.EndPoint}; calling");
        alice.Agent.Call(found.Name, found.EndPoint);
        var incoming = await bob.NextAsync<IncomingCallEvent>(cancellationToken);
        Say($"bob: incoming call from {incoming.Call.PeerName}; accepting");
        bob.Agent.Accept();
        var aliceConnected = await alice.NextAsync<CallConnectedEvent>(cancellationToken);
        var bobConnected = await bob.NextAsync<CallConnectedEvent>(cancellationToken);
        Say($"in call ({codec}): alice says a {clipLength.TotalSeconds:0} s generated clip, bob plays a {BobToneHz} Hz tone");
        Say(aliceConnected.Security.Encrypted
            ? $"encrypted (SRTP AES-GCM, keys agreed per call); alice's code: {aliceConnected.Security.ShortAuthenticationString}, bob's: {bobConnected.Security.ShortAuthenticationString}"
            : "NOT ENCRYPTED");

        // Long enough for the whole clip to be played out at bob's side, jitter buffer included.
        await Task.Delay(clipLength + TimeSpan.FromMilliseconds(800), time, cancellationToken);
        alice.Agent.HangUp();
        var aliceEnd = await alice.NextAsync<CallEndedEvent>(cancellationToken);
        var bobEnd = await bob.NextAsync<CallEndedEvent>(cancellationToken);
        await alice.Agent.WhenMediaStoppedAsync();
        await bob.Agent.WhenMediaStoppedAsync();
        Say("alice hangs up");

        PrintFigures(aliceEnd.Media!, bobEnd.Media!);
        var heard = WavFiles.ReadAsAudioFormat(recordingPath);
        Say(string.Create(CultureInfo.InvariantCulture,
            $"wrote what bob heard to {recordingPath} ({heard.Length / (double)AudioFormat.SampleRate:0.0} s, similarity to the clip {AudioAnalysis.Similarity(clip, heard):0.00} of 1)"));
        return 0;
    }

    private void PrintFigures(MediaStatistics alice, MediaStatistics bob)
    {
        Say("call figures              alice -> bob    bob -> alice");
        if (alice.Codec == bob.Codec)
            Say($"  {"codec",-22}{alice.Codec}, both ways");
        else
            Row("codec", alice.Codec, bob.Codec);
        Row("duration", $"{alice.Duration.TotalSeconds:0.0} s", $"{bob.Duration.TotalSeconds:0.0} s");
        Row("packets sent", $"{alice.PacketsSent}", $"{bob.PacketsSent}");
        Row("packets received", $"{bob.Playout.Received}", $"{alice.Playout.Received}");
        Row("lost", $"{bob.Lost} ({bob.LossFraction * 100:0.#} %)", $"{alice.Lost} ({alice.LossFraction * 100:0.#} %)");
        Row("concealed", $"{bob.Concealed}", $"{alice.Concealed}");
        Row("jitter", $"{bob.Playout.Jitter.TotalMilliseconds:0.0} ms", $"{alice.Playout.Jitter.TotalMilliseconds:0.0} ms");
        Row("jitter buffer", $"{bob.Playout.TargetDelay.TotalMilliseconds:0} ms", $"{alice.Playout.TargetDelay.TotalMilliseconds:0} ms");
        Row("bitrate on the wire", $"{alice.SendBitsPerSecond / 1000:0.0} kbit/s", $"{bob.SendBitsPerSecond / 1000:0.0} kbit/s");
        Say(string.Create(CultureInfo.InvariantCulture,
            $"(the original sent raw 44.1 kHz PCM: {OriginalKilobitsPerSecond} kbit/s, {OriginalKilobitsPerSecond / (alice.SendBitsPerSecond / 1000):0.0} times more)"));
    }

    private void Row(string what, string forward, string backward) =>
        Say(string.Create(CultureInfo.InvariantCulture, $"  {what,-22}{forward,-16}{backward}"));

    private void Say(string line) => output.WriteLine(line);
}
